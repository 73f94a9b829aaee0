/**
 * Whether a process with this id exists on this machine (EPERM: it exists, owned by someone else). Used to
 * tell a stale lock, lease or `running` status left by a killed process from a live one.
 */
export function processAlive(pid: number | undefined): boolean {
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
