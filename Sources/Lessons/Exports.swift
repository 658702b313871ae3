// The lesson model is part of what the runtime hands out: `import Lessons` brings it along.
@_exported import LessonModel
