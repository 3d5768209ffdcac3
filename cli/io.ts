/** Where commands write, and how they raise the exit code: the only place output leaves the program. */
export interface IO {
  out: (s: string) => void;
  err: (s: string) => void;
  setExit: (n: number) => void;
}
