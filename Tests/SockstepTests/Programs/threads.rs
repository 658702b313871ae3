// A Rust program with a second thread, traced whole with -f: the thread sleeps before it
// writes, so the main thread's join always waits in futex (the same calls in every run).
use std::{fs, thread, time::Duration};

fn main() {
    let worker = thread::spawn(|| {
        thread::sleep(Duration::from_millis(50));
        println!("from the thread");
    });
    worker.join().unwrap();
    let text = fs::read_to_string("/etc/hostname").unwrap_or_default();
    println!("main: read {} bytes", text.len());
}
