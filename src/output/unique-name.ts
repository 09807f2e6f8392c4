// The last step of naming a post, on the main thread (which knows the names taken); the rest of the name
// is made with the post, on the render thread (filename.ts).

/** `base.md`, or `base-2.md`, `base-3.md` … : the first that `taken` (given full names) refuses. */
export function uniqueFileName(base: string, taken: (name: string) => boolean): string {
  let name = `${base}.md`;
  for (let i = 2; taken(name); i++) name = `${base}-${i}.md`;
  return name;
}
