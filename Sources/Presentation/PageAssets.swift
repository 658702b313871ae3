/// The page's style and script, inline in every page (no network: no fonts, no libraries).
extension PageHTML {
    /// Sizes grow with the window (16 px at 1024 wide, 20.7 px at 1920, 33 px at 3840), so that
    /// the back of a room can read it; every text's colour has a contrast of at least 7:1 with
    /// its background in both themes (the tests measure it).
    static let style = #"""
    :root {
      --bg: #ffffff; --fg: #111111; --muted: #333333; --rule: #767676;
      --box: #e9f1fb; --box-line: #1d4f91;
      --wait: #fff0cc; --wait-fg: #4d3300; --wait-line: #8a5a00;
      --bad: #fde4e4; --bad-fg: #7f0b0b; --bad-line: #b3261e;
      --kern: #efefef; --kern-box: #e3e7ec; --kern-line: #474747;
      --flow: #0b6b3a; --flow-fg: #054022;
      --mark: #b35900; --panel: #f5f5f2; --code: #ebebe6;
    }
    @media screen and (prefers-color-scheme: dark) {
      :root {
        --bg: #101317; --fg: #f0f0f0; --muted: #cfcfcf; --rule: #8d8d8d;
        --box: #15263b; --box-line: #7fb0ee;
        --wait: #33280c; --wait-fg: #ffdc8f; --wait-line: #d9a441;
        --bad: #3b1216; --bad-fg: #ffbcbc; --bad-line: #f07a72;
        --kern: #1b1f25; --kern-box: #262c34; --kern-line: #a8b0ba;
        --flow: #5fd08f; --flow-fg: #8ff0b6;
        --mark: #ffab4d; --panel: #181c22; --code: #21262e;
      }
    }
    html { font-size: clamp(16px, calc(8px + 0.66vw), 48px); background: var(--bg); color: var(--fg); }
    body { margin: 0; padding: .7em 1.1em 2em; font-family: system-ui, "DejaVu Sans", sans-serif; line-height: 1.35; overflow-wrap: anywhere; }
    h1 { font-size: 1.45em; margin: 0 0 .15em; line-height: 1.2; }
    h2 { font-size: 1.2em; margin: .3em 0; }
    code, pre, kbd { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; }
    .intro p { margin: .2em 0; }
    .intro .roles { margin: .2em 0; padding-left: 1.2em; }
    .legend { color: var(--muted); }
    .keys kbd { font-size: 1em; border: 1px solid var(--rule); border-radius: .25em; padding: 0 .25em; }
    .stage { display: grid; grid-template-columns: minmax(0, 1fr) minmax(11em, 31%); gap: .9em; align-items: start; margin-top: .5em; min-height: 100vh; }
    .diagram { position: relative; display: grid; column-gap: 1.2em; row-gap: .4em; min-width: 0; }
    .lane-head { grid-row: 1; position: sticky; top: 0; z-index: 5; background: var(--bg); text-align: center; font-weight: 700; font-size: 1.1em; padding: .15em 0 .25em; border-bottom: 3px solid var(--rule); min-width: 0; }
    .lane-head small { display: block; font-weight: 400; font-size: .82em; color: var(--muted); }
    .slot { min-height: 2.6em; }
    .life { z-index: 0; background: linear-gradient(var(--rule), var(--rule)) center / 2px 100% no-repeat; }
    .life.kernel { background-color: var(--kern); border-radius: .3em; }
    .item { position: relative; z-index: 2; min-width: 0; box-sizing: border-box; display: flex; flex-direction: column; justify-content: center;
            border: 2px solid var(--box-line); background: var(--box); color: var(--fg); border-radius: .35em; padding: .2em .4em; cursor: pointer; }
    .item .line { display: block; font-size: .92em; white-space: pre-wrap; overflow-wrap: anywhere; }
    .item.waits { background: var(--wait); border-color: var(--wait-line); justify-content: space-between; }
    .wait-note { flex: 1; display: flex; align-items: center; justify-content: center; text-align: center; color: var(--wait-fg); font-style: italic; padding: .2em 0; }
    .item.failed { background: var(--bad); border-color: var(--bad-line); color: var(--bad-fg); }
    .item.seccomp { border-style: dashed; border-width: 3px; }
    .badge { display: block; font-size: .9em; font-weight: 700; color: var(--bad-fg); }
    .item.kernel { background: var(--kern-box); border-color: var(--kern-line); text-align: center; margin: 0 .5em; }
    .item.kernel.segment { background: none; border: none; border-bottom: 1px solid var(--kern-line); border-radius: 0; font-size: .8em; padding: 0 .2em; margin: 0 .2em; align-self: center; }
    .item.exit, .item.signal, .item.notice { border-color: var(--rule); }
    .item.exit:not(.failed) { background: var(--bg); }
    .item.notice { background: var(--bad); color: var(--bad-fg); text-align: center; }
    .js .item.later, .js .flow.later, .js .flow-label.later, .js .story.later { visibility: hidden; }
    .js .item.waits:not(.returned) .ret { visibility: hidden; }
    .item.current { outline: .22em solid var(--mark); outline-offset: .1em; }
    .item:focus-visible { outline: .22em dashed var(--mark); outline-offset: .1em; }
    .flows { position: absolute; left: 0; top: 0; width: 100%; height: 100%; pointer-events: none; z-index: 1; overflow: visible; }
    .flow polyline { fill: none; stroke: var(--flow); stroke-width: 3; stroke-linejoin: round; }
    .flow.reset polyline { stroke: var(--bad-line); stroke-dasharray: 6 4; }
    #head path { fill: var(--flow); }
    .flow-label { position: absolute; left: 0; top: 0; z-index: 4; transform: translate(-50%, -50%); max-width: 13em; box-sizing: border-box;
                  background: var(--bg); color: var(--flow-fg); border: 2px solid var(--flow); border-radius: .3em; padding: 0 .3em;
                  font-size: .9em; font-family: ui-monospace, "DejaVu Sans Mono", monospace; text-align: center; pointer-events: none; }
    .flow-label.reset { color: var(--bad-fg); border-color: var(--bad-line); }
    .panel { position: sticky; top: .4em; max-height: calc(100vh - 2.5em); overflow-y: auto; box-sizing: border-box; min-width: 0;
             background: var(--panel); border: 2px solid var(--rule); border-radius: .4em; padding: .3em .7em .6em; font-size: 1.12em; }
    .counter { margin: 0; color: var(--muted); font-size: .85em; text-align: right; }
    article.step h3 { font-size: 1.05em; margin: .15em 0 .35em; line-height: 1.25; }
    .who { font-weight: 700; }
    pre.code { background: var(--code); color: var(--fg); padding: .35em .55em; border-radius: .3em; white-space: pre-wrap; overflow-wrap: anywhere; font-size: .88em; margin: .3em 0; }
    .strace code { font-size: .9em; white-space: pre-wrap; overflow-wrap: anywhere; font-weight: 600; }
    article p { margin: .3em 0; }
    .meaning.bad { color: var(--bad-fg); }
    .wait { color: var(--wait-fg); background: var(--wait); padding: 0 .3em; }
    .links { margin: .3em 0; padding-left: 1.1em; color: var(--muted); }
    .entry-only { display: none; }
    .at-entry .entry-only { display: block; }
    .at-entry .full, .at-entry .meaning, .at-entry .result-only, .at-entry .links { display: none; }
    .story { margin-top: 1em; border: 3px solid var(--bad-line); border-radius: .4em; padding: .3em .9em .5em; background: var(--panel); }
    .story li { margin: .2em 0; }
    .panel .story-copy h2 { margin-top: 0; }
    .handout { display: none; }
    .tip { position: fixed; z-index: 20; left: 0; top: 0; max-width: min(36em, 92vw); box-sizing: border-box; background: var(--panel); color: var(--fg);
           border: 2px solid var(--rule); border-radius: .4em; padding: .3em .7em; box-shadow: 0 .2em .8em rgba(0, 0, 0, .35); pointer-events: none; }
    .tip pre.code, .tip .links { display: none; }
    @media screen and (max-width: 900px) {
      .stage { grid-template-columns: minmax(0, 1fr); }
      .panel { position: static; max-height: none; }
    }
    @media print {
      :root {
        --bg: #ffffff; --fg: #000000; --muted: #333333; --rule: #767676;
        --box: #ffffff; --box-line: #1d4f91; --wait: #fff6de; --wait-fg: #4d3300; --wait-line: #8a5a00;
        --bad: #fff0f0; --bad-fg: #7f0b0b; --bad-line: #b3261e; --kern: #f2f2f2; --kern-box: #f2f2f2; --kern-line: #474747;
        --flow: #0b6b3a; --flow-fg: #054022; --panel: #ffffff; --code: #f2f2f2;
      }
      @page { margin: 12mm; }
      html { font-size: 9.5pt; }
      body { padding: 0; }
      .keys, .panel, .tip { display: none !important; }
      .stage { display: block; min-height: 0; }
      .js .item.later, .js .flow.later, .js .flow-label.later, .js .story.later, .js .item.waits:not(.returned) .ret { visibility: visible; }
      .item.current { outline: none; }
      .lane-head { position: static; }
      .item { break-inside: avoid; cursor: auto; }
      .diagram { break-after: page; }
      .story { break-inside: avoid; break-after: page; }
      .handout { display: block; }
      .handout h2 { margin-top: 0; }
      article.step { break-inside: avoid; border-top: 1px solid var(--rule); padding: .3em 0 .4em; }
      article.step.kernel { padding-left: 1.5em; }
    }
    """#

    /// Fits each box's line (the widest form that takes at most two lines), draws the flows
    /// between the boxes, and presents the run position by position.
    static let script = #"""
    window.addEventListener('error', function () {
      document.body.setAttribute('data-errors', String(Number(document.body.getAttribute('data-errors') || 0) + 1));
    });
    (function () {
      'use strict';
      var body = document.body;
      body.classList.add('js');
      var total = Number(body.getAttribute('data-positions')) || 1;
      var diagram = document.getElementById('diagram');
      var svg = document.getElementById('flows');
      var panel = document.getElementById('panel-body');
      var counter = document.getElementById('counter');
      var tip = document.getElementById('tip');
      var story = document.getElementById('story');
      var all = function (root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); };
      var items = all(diagram, '.item');
      var flows = all(svg, '.flow');
      var labels = {};
      all(diagram, '.flow-label').forEach(function (el) { labels[el.getAttribute('data-flow')] = el; });
      var byItem = {};
      var at = {};
      items.forEach(function (el) {
        byItem[el.getAttribute('data-item')] = el;
        at[el.getAttribute('data-pos')] = el;
        if (el.hasAttribute('data-ret')) at[el.getAttribute('data-ret')] = el;
      });
      if (story) at[story.getAttribute('data-pos')] = story;
      var position = 1;
      var num = function (el, name) { return Number(el.getAttribute(name)); };

      // How many lines a text takes at perLine characters a line, broken at spaces.
      function linesFor(text, perLine) {
        var lines = 1, used = 0;
        text.replace(/\|/g, '| ').split(' ').forEach(function (word) {
          var length = word.length;
          if (used > 0 && used + 1 + length <= perLine) { used += 1 + length; return; }
          if (used > 0) { lines += 1; used = 0; }
          while (length > perLine) { lines += 1; length -= perLine; }
          used = length;
        });
        return lines;
      }

      // Each line shows the widest of its forms that fits in two lines of its box.
      function fit() {
        var probe = document.createElement('code');
        probe.className = 'line';
        probe.style.cssText = 'position:absolute;visibility:hidden;white-space:pre;display:inline';
        probe.textContent = '0123456789012345678901234567890123456789';
        var host = diagram.querySelector('.item') || diagram;
        host.appendChild(probe);
        var charWidth = probe.getBoundingClientRect().width / 40 || 10;
        host.removeChild(probe);
        // Read every width first, then choose: one layout, however many calls.
        var lines = all(diagram, 'code.line').filter(function (line) { return line.children.length > 1; });
        var widths = lines.map(function (line) { return line.clientWidth; });
        lines.forEach(function (line, n) {
          var forms = line.children;
          var perLine = Math.max(4, Math.floor(widths[n] / charWidth));
          var chosen = forms.length - 1;
          for (var i = 0; i < forms.length; i++) {
            if (linesFor(forms[i].textContent, perLine) <= 2) { chosen = i; break; }
          }
          for (var k = 0; k < forms.length; k++) forms[k].hidden = k !== chosen;
          line.setAttribute('data-form', String(chosen));
        });
      }

      function box(el, base) {
        var r = el.getBoundingClientRect();
        return { l: r.left - base.left, r: r.right - base.left, x: (r.left + r.right) / 2 - base.left, y: (r.top + r.bottom) / 2 - base.top };
      }
      // Where a flow meets an item: a call that waited, at its return.
      function part(el) {
        return el.classList.contains('waits') ? (el.querySelector('.ret') || el) : el;
      }

      function draw() {
        var base = diagram.getBoundingClientRect();
        svg.setAttribute('viewBox', '0 0 ' + base.width + ' ' + base.height);
        svg.setAttribute('width', String(base.width));
        svg.setAttribute('height', String(base.height));
        var em = parseFloat(getComputedStyle(diagram).fontSize) || 16;
        // A label is at most as wide as the kernel's lane, which most flows cross.
        var lane = diagram.querySelector('.life.kernel');
        var room = lane ? lane.getBoundingClientRect().width : 13 * em;
        Object.keys(labels).forEach(function (key) { labels[key].style.maxWidth = Math.max(4 * em, room).toFixed(0) + 'px'; });
        var placed = flows.map(function (g) {
          var ids = [g.getAttribute('data-from')];
          if (g.hasAttribute('data-via')) ids.push(g.getAttribute('data-via'));
          ids.push(g.getAttribute('data-to'));
          var boxes = ids.map(function (id) { return box(part(byItem[id]), base); });
          var points = [];
          if (boxes.length === 2 && Math.abs(boxes[0].x - boxes[1].x) < 1) {
            var out = Math.max(boxes[0].r, boxes[1].r) + em * 0.5;
            points = [[boxes[0].r, boxes[0].y], [out, boxes[0].y], [out, boxes[1].y], [boxes[1].r, boxes[1].y]];
          } else {
            boxes.forEach(function (b, i) {
              var before = i > 0 ? boxes[i - 1] : null, after = i < boxes.length - 1 ? boxes[i + 1] : null;
              if (before) points.push([before.x < b.x ? b.l : b.r, b.y]);
              if (after) points.push([after.x > b.x ? b.r : b.l, b.y]);
            });
          }
          // The head stops just short of the box it points at, so that the box does not hide it.
          var end = points[points.length - 1], before = points[points.length - 2];
          end[0] += (before[0] < end[0] ? -1 : 1) * em * 0.2;
          var a = points[points.length - 2], b = points[points.length - 1];
          if (boxes.length === 2 && points.length === 4) { a = points[1]; b = points[2]; }
          var label = labels[g.getAttribute('data-flow')];
          return { g: g, points: points, label: label, mid: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], width: label ? label.getBoundingClientRect().width : 0 };
        });
        placed.forEach(function (p) {
          var line = p.g.firstElementChild;
          line.setAttribute('points', p.points.map(function (q) { return q[0].toFixed(1) + ',' + q[1].toFixed(1); }).join(' '));
          line.style.strokeWidth = String(Math.max(2, em * 0.14));
          if (!p.label) return;
          var x = Math.max(p.width / 2, Math.min(base.width - p.width / 2, p.mid[0]));
          p.label.style.left = x.toFixed(1) + 'px';
          p.label.style.top = p.mid[1].toFixed(1) + 'px';
        });
      }

      // The panel, or the tip: what an item is and means.
      function fill(target, el) {
        target.textContent = '';
        if (el === story) {
          var copy = document.createElement('div');
          copy.className = 'story-copy';
          copy.innerHTML = story.innerHTML;
          target.appendChild(copy);
          return;
        }
        var article = document.getElementById('s' + el.getAttribute('data-item'));
        if (!article) return;
        var clone = article.cloneNode(true);
        clone.removeAttribute('id');
        if (el.classList.contains('waits') && !el.classList.contains('returned')) clone.classList.add('at-entry');
        target.appendChild(clone);
      }

      function show(p, scroll) {
        position = Math.max(1, Math.min(total, Math.floor(p) || 1));
        items.forEach(function (el) {
          var later = num(el, 'data-pos') > position;
          el.classList.toggle('later', later);
          el.tabIndex = later ? -1 : 0;
          if (el.hasAttribute('data-ret')) el.classList.toggle('returned', num(el, 'data-ret') <= position);
          el.classList.remove('current');
        });
        flows.concat(all(diagram, '.flow-label')).forEach(function (el) { el.classList.toggle('later', num(el, 'data-pos') > position); });
        if (story) story.classList.toggle('later', num(story, 'data-pos') > position);
        var current = at[position];
        if (current) {
          current.classList.add('current');
          fill(panel, current);
          panel.parentElement.scrollTop = 0;
        }
        counter.textContent = String(position);
        body.setAttribute('data-position', String(position));
        if (location.hash !== '#' + position) history.replaceState(null, '', '#' + position);
        if (scroll && current) current.scrollIntoView({ block: 'center', inline: 'nearest' });
      }

      function showTip(el) {
        if (el.classList.contains('later')) return;
        fill(tip, el);
        tip.hidden = false;
        var r = el.getBoundingClientRect(), t = tip.getBoundingClientRect();
        var left = Math.max(8, Math.min(window.innerWidth - t.width - 8, r.left));
        var top = r.bottom + 8;
        if (top + t.height > window.innerHeight - 8) top = Math.max(8, r.top - t.height - 8);
        tip.style.left = left + 'px';
        tip.style.top = top + 'px';
      }
      function hideTip() { tip.hidden = true; }

      items.forEach(function (el) {
        el.addEventListener('mouseenter', function () { showTip(el); });
        el.addEventListener('mouseleave', hideTip);
        el.addEventListener('focus', function () { showTip(el); fill(panel, el); });
        el.addEventListener('blur', hideTip);
        el.addEventListener('click', function () { fill(panel, el); });
      });

      document.addEventListener('keydown', function (e) {
        if (e.altKey || e.ctrlKey || e.metaKey) return;
        var key = e.key, next = null;
        if (key === 'ArrowRight' || key === 'PageDown' || (key === ' ' && !e.shiftKey)) next = position + 1;
        else if (key === 'ArrowLeft' || key === 'PageUp' || (key === ' ' && e.shiftKey) || key === 'Backspace') next = position - 1;
        else if (key === 'Home') next = 1;
        else if (key === 'End') next = total;
        else if (key === 'Enter' && document.activeElement && document.activeElement.classList.contains('item')) {
          fill(panel, document.activeElement);
          e.preventDefault();
          return;
        }
        if (next === null) return;
        e.preventDefault();
        hideTip();
        show(next, true);
      });
      window.addEventListener('hashchange', function () {
        var p = parseInt(location.hash.slice(1), 10);
        if (!isNaN(p) && p !== position) show(p, true);
      });

      function layout() { fit(); draw(); }
      var frame = 0;
      window.addEventListener('resize', function () { cancelAnimationFrame(frame); frame = requestAnimationFrame(layout); });
      window.addEventListener('beforeprint', layout);
      window.addEventListener('afterprint', layout);
      var printing = window.matchMedia('print');
      if (printing.addEventListener) printing.addEventListener('change', layout);
      if (document.fonts && document.fonts.ready) document.fonts.ready.then(layout);
      layout();
      var start = parseInt(location.hash.slice(1), 10);
      show(isNaN(start) ? 1 : start, !isNaN(start));
      body.setAttribute('data-ready', String(items.length));
    })();
    """#
}
