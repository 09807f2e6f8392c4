// feedmill parse --json FILE...: one JSON line per file (the parser engineer's parse-json module).
export async function parseCommand(files: string[], _opts: { json?: boolean }): Promise<number> {
  const { parseJsonCommand } = await import('../parse-json.js');
  return parseJsonCommand(files);
}
