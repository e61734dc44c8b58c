// Worker-thread entry that runs the migration engine off the main thread and posts progress back.
export {}
