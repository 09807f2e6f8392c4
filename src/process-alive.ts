// Whether a process still runs, for files a process left behind (run locks, temporary posts): signal 0
// only checks; EPERM means it runs under another user.
export function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
