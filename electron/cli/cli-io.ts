/** Where commands write; tests capture it, the CLI uses the process's streams. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  setExitCode(code: number): void;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  setExitCode: (code) => {
    process.exitCode = code;
  },
};
