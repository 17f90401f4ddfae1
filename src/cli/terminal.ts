// Where a command writes: its output on stdout, its notes and errors on stderr (tests pass their own).
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}
export const stdio: CliIo = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};
