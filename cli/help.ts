/**
 * What every `--help` page ends with: examples for the command, the exit codes and the environment
 * variables. The man page (man/vstor.1, scripts/man.mjs) is made from the same pages.
 */
import type { Command } from 'commander';

const EXIT_CODES = `Exit codes (退出码):
  0  all good
  1  the rule is broken: a channel failed or could not be verified (unless --allow-unverified); for plan,
     --capacity falls short of the days, or a recorder or switch is over its rating
  2  usage or input error (one line names the input and what was expected)
  3  runtime failure: I/O, a full disk or damaged index, ffprobe/ffmpeg unable to run`;

const ENVIRONMENT = `Environment (环境变量):
  VSTOR_DB        the index file when --db is not given (default: $XDG_STATE_HOME/vstor/index.db, else
                  ~/.local/state/vstor/index.db)
  VSTOR_LANG      en or zh for reports and screens (else from LANG)
  VSTOR_FFPROBE   an ffprobe to run instead of the bundled one
  VSTOR_FFMPEG    an ffmpeg to decode frames with instead of the bundled one
  VSTOR_PROBE     ffprobe: read every container with ffprobe, not in-process
  VSTOR_SCRUB_CYCLE  the rolling scrub's cycle when --scrub-cycle is not given (default 30; 0: none)
  VSTOR_HOST      the node name a signed audit document says it came from (default: the host name)
  VSTOR_DEBUG     1: print the stack and the chain of causes of an error
  NO_COLOR        no colour in the TUI`;

const EXAMPLES: Record<string, string[]> = {
  plan: ['vstor plan                                   # the seed: 1000 x 1080P x 8 Mbps x 90 days', 'vstor plan --plan samples/plans/city-chenggong.yaml --format md', 'vstor plan --channels 64 --capacity 500TB --days 90'],
  audit: ['vstor audit /srv/frigate --days 90', 'vstor audit nvr-01=/mnt/nvr01 --rule kunming-public-security --tz Asia/Shanghai --json --out audit.json', 'vstor audit /srv/frigate --format prometheus --out /var/lib/node_exporter/textfile_collector/vstor.prom'],
  report: ['vstor report /srv/frigate --days 90 --out report.html --lang zh'],
  history: ['vstor history --channel gate_north --since 2026-11-01'],
  scan: ['vstor scan /srv/frigate', 'vstor scan /srv/frigate --forget old_camera   # a camera taken away on purpose'],
  watch: ['node_modules/.bin/vstor watch /srv/frigate --days 90 --json'],
  tui: ['vstor tui /srv/frigate --rule kunming-public-security', 'vstor tui /srv/frigate --watch --lang zh'],
  merge: ['vstor merge /srv/vstor/inbox --fleet fleet.yaml --trust keys/ --format html --out fleet.html'],
  verify: ['vstor verify nvr-01.json --trust keys/'],
  keygen: ['vstor keygen /etc/vstor/node.key     # writes node.key and node.key.pub'],
  samples: ['vstor samples make /tmp/frigate-sample --layout frigate'],
  make: ['vstor samples make /tmp/frigate-sample --layout frigate'],
};

/** The examples of one command, or of every command for the program's own page. */
function examplesOf(name: string): string[] {
  return name === 'vstor' ? ['plan', 'audit', 'report', 'tui', 'merge'].flatMap((n) => EXAMPLES[n]!.slice(0, 1)) : (EXAMPLES[name] ?? []);
}

/** What a command's help ends with: its examples, the exit codes, the environment. */
export function helpAfter(name: string): string {
  const examples = examplesOf(name);
  return `${examples.length ? `\nExamples (示例):\n${examples.map((e) => `  ${e}`).join('\n')}\n` : ''}\n${EXIT_CODES}\n\n${ENVIRONMENT}\n`;
}

/** Adds examples, exit codes and environment to the help of the program and every command under it. */
export function addHelpPages(program: Command): void {
  const walk = (cmd: Command) => {
    cmd.addHelpText('after', helpAfter(cmd.name()));
    for (const sub of cmd.commands) walk(sub);
  };
  walk(program);
}

/** The man page: the program's and every command's help, as roff (man/vstor.1, scripts/man.ts). */
export function manPage(program: Command, version: string): string {
  const roff = (text: string) => text.replace(/\\/g, '\\e').replace(/^([.'])/gm, '\\&$1');
  const out = ['.TH VSTOR 1 "" "vstor ' + version + '" "User Commands"', '.SH NAME', 'vstor \\- video-surveillance storage: plan capacity, audit retention', '.SH SYNOPSIS', '.B vstor', '.I command', '[options]', '.SH DESCRIPTION', '.nf', roff(program.helpInformation()), '.fi'];
  const walk = (cmd: Command, prefix: string) => {
    for (const sub of cmd.commands) {
      out.push(`.SS ${prefix}${sub.name()}`, '.nf', roff(sub.helpInformation()), '.fi');
      const examples = examplesOf(sub.name());
      if (examples.length) out.push('.PP', 'Examples:', '.nf', ...examples.map((e) => roff(`  ${e}`)), '.fi');
      walk(sub, `${prefix}${sub.name()} `);
    }
  };
  out.push('.SH COMMANDS');
  walk(program, '');
  out.push('.SH EXIT STATUS', '.nf', roff(EXIT_CODES), '.fi', '.SH ENVIRONMENT', '.nf', roff(ENVIRONMENT), '.fi');
  return `${out.join('\n')}\n`;
}
