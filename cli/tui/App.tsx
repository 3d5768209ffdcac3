/** The full-screen audit: header, channel table, and a channel's detail. State lives in the reducer. */
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import { useEffect, useReducer } from 'react';
import { formatBitrate } from '../../src/units/format.ts';
import { formatSeconds, safeText } from '../../src/report/audit/table.ts';
import { t, type Lang, type Word } from '../../src/report/i18n.ts';
import { initialState, reduce, timelineStrip, visibleRows, windowStart, type Row, type State } from './state.ts';
import { w } from './words.ts';

export interface Header {
  days: number;
  maxGapSeconds: number;
  now: number;
  note?: string;
}

export interface Progress {
  text: string;
}

const SYMBOL = { pass: '✔', warn: '!', fail: '✘', pending: '…', unverified: '?' } as const;
const COLOR = { pass: 'green', warn: 'yellow', fail: 'red', pending: 'cyan', unverified: 'magenta' } as const;
const DAY_MS = 86_400_000;

/** Columns a text takes on a terminal: CJK characters take two. */
function cells(text: string): number {
  let n = 0;
  for (const ch of text) n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return n;
}

function pad(text: string, width: number, right = false): string {
  let t = text;
  if (cells(t) > width) {
    while (t.length > 0 && cells(t) > width - 1) t = t.slice(0, -1);
    t = `${t}…`;
  }
  const fill = ' '.repeat(Math.max(0, width - cells(t)));
  return right ? fill + t : t + fill;
}

/** `text` in `width` cells, cut in the middle: recorders often differ only at the end (`...-north`, `...-south`). */
function cutMiddle(text: string, width: number): string {
  if (cells(text) <= width) return text;
  const chars = [...text];
  let head = Math.ceil((width - 1) / 2);
  let tail = width - 1 - head;
  while (head + tail > 0 && cells(chars.slice(0, head).join('')) + cells(tail ? chars.slice(-tail).join('') : '') > width - 1) {
    if (head >= tail) head--;
    else tail--;
  }
  return `${chars.slice(0, head).join('')}…${tail ? chars.slice(-tail).join('') : ''}`;
}

/** A row's name in `width` cells: the channel kept whole as long as it fits, the recorder cut first. */
export function rowName(r: Row, width: number): string {
  const name = safeText(r.name ?? r.channel);
  if (r.recorder === undefined) return pad(name, width);
  const room = width - cells(name) - 2;
  if (room < 3) return pad(name, width);
  return pad(`${cutMiddle(safeText(r.recorder), room)}: ${name}`, width);
}

function verdictWord(lang: Lang, row: Row): string {
  return `${SYMBOL[row.verdict]} ${lang === 'zh' ? t(lang, row.verdict as Word) : row.verdict}`;
}

function VerdictText({ row, color, lang }: { row: Row; color: boolean; lang: Lang }) {
  const text = pad(verdictWord(lang, row), 12);
  return color ? <Text color={COLOR[row.verdict]}>{text}</Text> : <Text>{text}</Text>;
}

function reasonsText(lang: Lang, reasons: string[]): string {
  return reasons.map((r) => (lang === 'zh' ? t(lang, `reason.${r}` as Word) : r)).join(', ');
}

function Table({ state, width, color, lang }: { state: State; width: number; color: boolean; lang: Lang }) {
  const rows = visibleRows(state);
  const start = windowStart(state);
  // 2 + verdict 12 + days 7 + cover 7 + gap 8 + dmg 4 and their spaces; the bitrate only on wide screens
  const bitrate = width >= 110;
  const fixed = 46 + (bitrate ? 13 : 0);
  const reasonsWidth = Math.max(10, Math.floor((width - fixed) * 0.4));
  const nameWidth = Math.max(10, width - fixed - reasonsWidth - 1);
  const head = `  ${pad(w(lang, 'channel'), nameWidth)} ${pad(w(lang, 'verdict'), 12)} ${pad(w(lang, 'days'), 7, true)} ${pad(w(lang, 'cover'), 7, true)} ${pad(w(lang, 'maxGap'), 8, true)} ${pad(w(lang, 'dmg'), 4, true)}${bitrate ? ` ${pad(w(lang, 'bitrate'), 12, true)}` : ''} ${pad(w(lang, 'reasons'), reasonsWidth)}`;
  return (
    <Box flexDirection="column">
      <Text bold>{head}</Text>
      {rows.slice(start, start + state.pageSize).map((r, i) => {
        const selected = start + i === state.cursor;
        return (
          <Box key={r.channel}>
            <Text inverse={selected}>{`${selected ? '›' : ' '} ${rowName(r, nameWidth)} `}</Text>
            <VerdictText row={r} color={color} lang={lang} />
            <Text>{` ${pad(r.retainedDays.toFixed(2), 7, true)} ${pad(`${(r.coverage * 100).toFixed(1)}%`, 7, true)} ${pad(formatSeconds(r.biggestGapSeconds, lang), 8, true)} ${pad(String(r.damaged), 4, true)}${bitrate ? ` ${pad(r.bitrateBps === null ? '-' : formatBitrate(r.bitrateBps, 1), 12, true)}` : ''} ${pad(reasonsText(lang, r.reasons), reasonsWidth)}`}</Text>
          </Box>
        );
      })}
      {rows.length === 0 ? <Text dimColor>{`  ${w(lang, 'noMatch')}`}</Text> : null}
    </Box>
  );
}

/** The strip's first and last days under it, so that a reader knows which day a cell is. */
function stripDates(row: Row, now: number, width: number): string {
  const days = row.daily.covered.length;
  if (days === 0) return '';
  const first = new Date(now - days * DAY_MS).toISOString().slice(0, 10);
  const last = new Date(now).toISOString().slice(0, 10);
  const strip = Math.min(days, Math.max(1, width));
  return strip >= 22 ? `${first}${' '.repeat(strip - 20)}${last}` : `${first} → ${last}`;
}

function Detail({ row, width, color, lang, now }: { row: Row; width: number; color: boolean; lang: Lang; now: number }) {
  return (
    <Box flexDirection="column">
      <Text bold>
        {safeText(row.channel)} — <VerdictText row={row} color={color} lang={lang} />
      </Text>
      <Text>{w(lang, 'retained', { days: row.retainedDays, cover: `${(row.coverage * 100).toFixed(1)}%`, dmg: row.damaged })}</Text>
      <Text>{w(lang, 'window')}</Text>
      <Text>{timelineStrip(row.daily, width - 2)}</Text>
      <Text dimColor>{stripDates(row, now, width - 2)}</Text>
      <Text bold>{`${w(lang, 'reasons')}: ${row.reasons.length ? reasonsText(lang, row.reasons) : w(lang, 'none')}`}</Text>
      {row.warnings.slice(0, 4).map((text) => (
        <Text key={text}>{safeText(text)}</Text>
      ))}
      <Text bold>{w(lang, 'gaps', { n: row.gaps.length })}</Text>
      {row.gaps.slice(0, 8).map((g) => (
        <Text key={g.start}>{`  ${new Date(g.start).toISOString().slice(0, 16)} → ${new Date(g.end).toISOString().slice(0, 16)}  ${formatSeconds(g.seconds, lang)}`}</Text>
      ))}
    </Box>
  );
}

export interface AppProps {
  /** undefined until the first audit has its rows */
  rows?: Row[];
  header: Header;
  progress?: Progress;
  color: boolean;
  lang?: Lang;
  onQuit: () => void;
  onRescan: () => void;
  /** for tests: a fixed size instead of the terminal's */
  size?: { columns: number; rows: number };
}

function Counts({ rows, color, lang, note }: { rows: Row[]; color: boolean; lang: Lang; note?: string }) {
  const count = (v: Row['verdict']) => rows.filter((r) => r.verdict === v).length;
  const text = w(lang, 'counts', { n: rows.length, pass: count('pass'), warn: count('warn'), fail: count('fail'), pending: count('pending') });
  const unverified = count('unverified') > 0 ? w(lang, 'unverified', { n: count('unverified') }) : '';
  const tail = note ? `  · ${safeText(note)}` : '';
  const failing = count('fail') + count('unverified') > 0;
  if (!color) return <Text>{`${text}${unverified}${tail}`}</Text>;
  return (
    <Text>
      <Text color={failing ? 'red' : 'green'}>{text}</Text>
      {unverified ? <Text color="magenta">{unverified}</Text> : null}
      {tail}
    </Text>
  );
}

function KeysLine({ state, lang }: { state: State; lang: Lang }) {
  const text = state.filtering
    ? w(lang, 'keysFilter', { filter: state.filter })
    : state.detail !== undefined
      ? w(lang, 'keysDetail')
      : w(lang, 'keysTable', { filter: state.filter ? ` [${state.filter}]` : '', sort: w(lang, `sort.${state.sort}`), fails: state.failuresOnly ? w(lang, 'on') : '' });
  return <Text dimColor>{text}</Text>;
}

export function App(props: AppProps) {
  const { stdout } = useStdout();
  const { exit } = useApp();
  const lang = props.lang ?? 'en';
  const columns = props.size?.columns ?? stdout?.columns ?? 80;
  const height = props.size?.rows ?? stdout?.rows ?? 24;
  const [state, dispatch] = useReducer(reduce, initialState(Math.max(1, height - 7)));
  useEffect(() => dispatch({ type: 'load', rows: props.rows ?? [] }), [props.rows]);
  useEffect(() => dispatch({ type: 'resize', pageSize: Math.max(1, height - 7) }), [height]);
  useEffect(() => {
    if (state.quit) {
      props.onQuit();
      exit();
    }
  }, [state.quit]);
  useEffect(() => {
    if (state.rescan) {
      props.onRescan();
      dispatch({ type: 'rescanned' });
    }
  }, [state.rescan]);
  useInput((input, key) => dispatch({ type: 'key', input, key }));
  const h = props.header;
  const detail = state.detail !== undefined ? state.rows.find((r) => r.channel === state.detail) : undefined;
  const loaded = props.rows !== undefined;
  return (
    <Box flexDirection="column" width={columns}>
      <Text bold>{w(lang, 'header', { days: h.days, gap: formatSeconds(h.maxGapSeconds, lang), time: new Date(h.now).toISOString().slice(0, 16).replace('T', ' ') })}</Text>
      {/* counts from the same rows the table shows, so the header and the table never disagree for a frame */}
      {loaded ? <Counts rows={state.rows} color={props.color} lang={lang} note={h.note} /> : <Text>{w(lang, 'scanning')}</Text>}
      {props.progress ? <Text>{props.progress.text}</Text> : null}
      {!loaded ? null : detail ? <Detail row={detail} width={columns} color={props.color} lang={lang} now={h.now} /> : <Table state={state} width={columns} color={props.color} lang={lang} />}
      <KeysLine state={state} lang={lang} />
    </Box>
  );
}
