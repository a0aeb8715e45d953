// Preloaded to measure the bin as Node versions without process.execve (before 22.15 and 23.11, and Windows) run
// it: the command in a worker thread with a 4 MB young generation.
process.execve = undefined;
