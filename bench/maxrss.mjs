// Preloaded by bench scripts (node --import): prints the process's peak RSS on exit, for bench/audit.ts.
process.on('exit', () => {
  process.stderr.write(`\nmaxrss-kb ${process.resourceUsage().maxRSS}\n`);
});
