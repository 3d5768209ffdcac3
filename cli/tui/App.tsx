/** The full-screen audit: header, channel table, and a channel's detail. State lives in the reducer. */
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import { useEffect, useReducer } from 'react';
import { formatBitrate } from '../../src/units/format.ts';
import { formatSeconds, safeText } from '../../src/report/audit/table.ts';
import { initialState, reduce, timelineStrip, visibleRows, windowStart, type Row, type State } from './state.ts';

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

function pad(text: string, width: number, right = false): string {
  const t = text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
  return right ? t.padStart(width) : t.padEnd(width);
}

function VerdictText({ row, color }: { row: Row; color: boolean }) {
  const text = pad(`${SYMBOL[row.verdict]} ${row.verdict}`, 12);
  return color ? <Text color={COLOR[row.verdict]}>{text}</Text> : <Text>{text}</Text>;
}

function Table({ state, width, color }: { state: State; width: number; color: boolean }) {
  const rows = visibleRows(state);
  const start = windowStart(state);
  const nameWidth = Math.max(10, width - 65);
  return (
    <Box flexDirection="column">
      <Text bold>{`  ${pad('channel', nameWidth)} ${pad('verdict', 12)} ${pad('days', 7, true)} ${pad('cover', 7, true)} ${pad('max gap', 8, true)} ${pad('dmg', 4, true)} ${pad('bitrate', 12, true)}`}</Text>
      {rows.slice(start, start + state.pageSize).map((r, i) => {
        const selected = start + i === state.cursor;
        return (
          <Box key={r.channel}>
            <Text inverse={selected}>{`${selected ? '›' : ' '} ${pad(safeText(r.channel), nameWidth)} `}</Text>
            <VerdictText row={r} color={color} />
            <Text>{` ${pad(r.retainedDays.toFixed(2), 7, true)} ${pad(`${(r.coverage * 100).toFixed(1)}%`, 7, true)} ${pad(formatSeconds(r.biggestGapSeconds), 8, true)} ${pad(String(r.damaged), 4, true)} ${pad(r.bitrateBps === null ? '-' : formatBitrate(r.bitrateBps, 1), 12, true)}`}</Text>
          </Box>
        );
      })}
      {rows.length === 0 ? <Text dimColor>  (no channel matches)</Text> : null}
    </Box>
  );
}

function Detail({ row, width, color }: { row: Row; width: number; color: boolean }) {
  return (
    <Box flexDirection="column">
      <Text bold>
        {safeText(row.channel)} — <VerdictText row={row} color={color} />
      </Text>
      <Text>{`retained ${row.retainedDays} days, coverage ${(row.coverage * 100).toFixed(1)}%, ${row.damaged} damaged`}</Text>
      <Text>{`window, oldest left (█ recorded ▒ partly · gap x damaged):`}</Text>
      <Text>{timelineStrip(row.daily, width - 2)}</Text>
      <Text bold>reasons: {row.reasons.length ? row.reasons.join(', ') : 'none'}</Text>
      {row.warnings.slice(0, 4).map((w) => (
        <Text key={w}>{safeText(w)}</Text>
      ))}
      <Text bold>{`gaps (${row.gaps.length}):`}</Text>
      {row.gaps.slice(0, 8).map((g) => (
        <Text key={g.start}>{`  ${new Date(g.start).toISOString().slice(0, 16)} → ${new Date(g.end).toISOString().slice(0, 16)}  ${formatSeconds(g.seconds)}`}</Text>
      ))}
    </Box>
  );
}

export interface AppProps {
  rows?: Row[];
  header: Header;
  progress?: Progress;
  color: boolean;
  onQuit: () => void;
  onRescan: () => void;
  /** for tests: a fixed size instead of the terminal's */
  size?: { columns: number; rows: number };
}

export function App(props: AppProps) {
  const { stdout } = useStdout();
  const { exit } = useApp();
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
  // counts from the same rows the table shows, so the header and the table never disagree for a frame
  const rows = state.rows;
  const count = (v: Row['verdict']) => rows.filter((r) => r.verdict === v).length;
  const h = props.header;
  const detail = state.detail !== undefined ? rows.find((r) => r.channel === state.detail) : undefined;
  return (
    <Box flexDirection="column" width={columns}>
      <Text bold>{`vstor · keep ${h.days} d, gaps ≤ ${formatSeconds(h.maxGapSeconds)} · ${new Date(h.now).toISOString().slice(0, 16).replace('T', ' ')} UTC`}</Text>
      <Text>
        {`${rows.length} ${rows.length === 1 ? 'channel' : 'channels'}: `}
        {props.color ? <Text color="green">{`${count('pass')} pass`}</Text> : `${count('pass')} pass`}
        {', '}
        {props.color ? <Text color="yellow">{`${count('warn')} warn`}</Text> : `${count('warn')} warn`}
        {', '}
        {props.color ? <Text color="red">{`${count('fail')} fail`}</Text> : `${count('fail')} fail`}
        {`, ${count('pending')} pending`}
        {count('unverified') > 0 ? (props.color ? <Text color="magenta">{`, ${count('unverified')} unverified`}</Text> : `, ${count('unverified')} unverified`) : ''}
        {h.note ? `  · ${safeText(h.note)}` : ''}
      </Text>
      {props.progress ? <Text>{props.progress.text}</Text> : null}
      {detail ? <Detail row={detail} width={columns} color={props.color} /> : <Table state={state} width={columns} color={props.color} />}
      <Text dimColor>
        {state.filtering ? `filter: ${state.filter}▏ (Enter keep · Esc clear)` : state.detail !== undefined ? 'Esc back · q quit' : `↑↓ jk · / filter${state.filter ? ` [${state.filter}]` : ''} · s sort [${state.sort}] · f fails${state.failuresOnly ? ' [on]' : ''} · ⏎ open · r rescan · q quit`}
      </Text>
    </Box>
  );
}
