/**
 * User-facing words in English and Chinese. Most users work in Chinese, many in English: every label a
 * report prints comes from here, so adding a language is adding a column.
 */
export type Lang = 'en' | 'zh';

export const LANGS: Lang[] = ['en', 'zh'];

const WORDS = {
  planTitle: { en: 'Storage plan', zh: '存储容量规划' },
  cameraGroups: { en: 'Camera groups', zh: '视频监控通道组' },
  captureGroups: { en: 'Picture-capture groups', zh: '卡口抓拍组' },
  totals: { en: 'Totals', zh: '合计' },
  storageBuild: { en: 'Storage build', zh: '存储配置' },
  capacityCheck: { en: 'Capacity check', zh: '容量核验' },
  notes: { en: 'Notes', zh: '说明' },
  risks: { en: 'Design risks', zh: '设计风险' },
  group: { en: 'Group', zh: '分组' },
  channels: { en: 'Channels', zh: '路数' },
  resolution: { en: 'Resolution', zh: '分辨率' },
  codec: { en: 'Codec', zh: '编码' },
  bitrate: { en: 'Bitrate', zh: '码率' },
  bitrateDefault: { en: 'default', zh: '默认' },
  recording: { en: 'Recording', zh: '录像方式' },
  continuous: { en: 'continuous', zh: '全天连续' },
  ofHours: { en: 'of', zh: '占' },
  hoursADay: { en: 'h a day', zh: '小时/天' },
  days: { en: 'Days', zh: '保存天数' },
  perChannelDay: { en: 'A channel a day', zh: '单路每天' },
  perChannel: { en: 'A channel, retention', zh: '单路存储期' },
  groupTotal: { en: 'Group total', zh: '分组合计' },
  devices: { en: 'Devices', zh: '设备数' },
  capturesPerDay: { en: 'Captures a day', zh: '每天抓拍' },
  pictureSize: { en: 'Picture size', zh: '单张大小' },
  aDay: { en: 'A day', zh: '每天' },
  stored: { en: 'Stored for retention', zh: '存储总量' },
  storedPerDay: { en: 'Written a day', zh: '每天写入' },
  totalChannels: { en: 'Video channels', zh: '视频路数' },
  totalDevices: { en: 'Capture devices', zh: '抓拍设备' },
  ingest: { en: 'Ingest bandwidth', zh: '接入带宽' },
  writeRate: { en: 'Average write rate (24 h)', zh: '平均写入速率（24 小时）' },
  peakWriteRate: { en: 'Peak write rate (all recording)', zh: '峰值写入速率（全部录像时）' },
  raid: { en: 'RAID', zh: 'RAID 级别' },
  raidNone: { en: 'none (single disks)', zh: '无 (单盘)' },
  groupLayout: { en: 'Disks a group', zh: '每组硬盘' },
  data: { en: 'data', zh: '数据' },
  parity: { en: 'parity', zh: '校验' },
  diskSize: { en: 'Disk size', zh: '单盘容量' },
  overhead: { en: 'Overhead (file system + reserve)', zh: '预留 (文件系统 + 覆盖阈值)' },
  raidGroups: { en: 'RAID groups', zh: 'RAID 组数' },
  dataDisks: { en: 'Data disks', zh: '数据盘' },
  parityDisks: { en: 'Parity / mirror disks', zh: '校验 / 镜像盘' },
  spares: { en: 'Hot spares', zh: '热备盘' },
  sparesAuto: { en: 'one in each enclosure', zh: '每台设备一块' },
  totalDisks: { en: 'Total disks', zh: '硬盘总数' },
  enclosures: { en: 'Enclosures', zh: '存储设备台数' },
  bays: { en: 'bays each', zh: '盘位/台' },
  sparesWord: { en: 'spare(s)', zh: '热备盘' },
  reserveNone: { en: 'none', zh: '无' },
  standby: { en: 'standby (N+M failover, the disks of the busiest)', zh: '备机（N+M 热备，按最繁忙录像机配盘）' },
  enclosureWhole: { en: 'each holds whole RAID groups and its spares', zh: '每台内含完整阵列组及其热备盘' },
  enclosureShelves: { en: 'expansion shelves of one array: RAID groups may span them', zh: '同一阵列的扩展柜：阵列组可跨柜' },
  enclosureSpans: { en: 'a RAID group is wider than one: groups span enclosures', zh: '阵列组宽于单台盘位：阵列组跨机箱' },
  rawCapacity: { en: 'Raw capacity', zh: '裸容量' },
  usableCapacity: { en: 'Usable after RAID', zh: 'RAID 后可用' },
  usableAfterOverhead: { en: 'Usable after overhead', zh: '扣除预留后可用' },
  headroom: { en: 'Headroom', zh: '余量' },
  capacityGiven: { en: 'Capacity given', zh: '已有容量' },
  daysHeld: { en: 'Days it holds', zh: '可保存天数' },
  requiredDays: { en: 'Days required', zh: '要求天数' },
  streamDays: { en: 'Days held, stream by stream (each other stream keeping its own days)', zh: '各码流可保存天数（其余码流按各自要求保存）' },
  'stream.main': { en: 'main stream', zh: '主码流' },
  'stream.sub': { en: 'sub stream', zh: '子码流' },
  'stream.pictures': { en: 'pictures', zh: '图片' },
  fits: { en: 'Fits', zh: '是否满足' },
  yes: { en: 'yes', zh: '是' },
  no: { en: 'NO', zh: '否' },
  margin: { en: 'Margin', zh: '余量' },
  maxBitrate: { en: 'Bitrate that fits', zh: '可容纳码率' },
  recordersTitle: { en: 'Recorders', zh: '录像设备 (NVR/存储服务器)' },
  load: { en: 'Load', zh: '负载' },
  disks: { en: 'Disks', zh: '硬盘' },
  reserve: { en: 'Reserve', zh: '覆盖预留' },
  footageSpace: { en: 'Footage space', zh: '录像可用' },
  recorderModel: { en: 'Model', zh: '型号' },
  count: { en: 'Count', zh: '数量' },
  countReason: { en: 'Sized by', zh: '数量依据' },
  inbound: { en: 'Inbound rating', zh: '接入带宽额定' },
  networkTitle: { en: 'Network and PoE', zh: '网络与 PoE 供电' },
  switch: { en: 'Switch', zh: '交换机' },
  cameras: { en: 'Cameras', zh: '摄像机' },
  recordingStreams: { en: 'Recording', zh: '录像流' },
  viewing: { en: 'Viewing', zh: '实时预览' },
  uplink: { en: 'Uplink (with overhead)', zh: '上联 (含开销)' },
  poe: { en: 'PoE', zh: 'PoE 功率' },
  tiersTitle: { en: 'Tiers', zh: '分级存储' },
  hotTier: { en: 'On the recorders (hot)', zh: '录像设备 (热数据)' },
  archiveTier: { en: 'On the archive tier', zh: '归档层' },
  archiveBuild: { en: 'Archive tier build', zh: '归档层配置' },
  edgeTitle: { en: 'Edge SD cards (fallback)', zh: '前端 SD 卡 (断网备份)' },
  card: { en: 'Card', zh: '卡容量' },
  stream: { en: 'Stream', zh: '码流' },
  vendorTitle: { en: 'Vendor formula (NVR manual: kbit/s / 8 x 3600 / 1024)', zh: '厂家公式 (NVR 手册：kbit/s ÷ 8 × 3600 ÷ 1024)' },
  vendorMbPerHour: { en: 'Vendor "MB" an hour', zh: '厂家 "MB"/小时' },
  vendorTb: { en: 'Vendor "TB"', zh: '厂家 "TB"' },
  vendorBytes: { en: 'Which is', zh: '折合' },
  exactBytes: { en: 'vstor exact', zh: 'vstor 精确值' },
  growthTitle: { en: 'Growth', zh: '扩容预测' },
  growthShare: { en: 'Channels added', zh: '新增比例' },
  afterGrowth: { en: 'after growth', zh: '扩容后' },
  headroomAsked: { en: 'Headroom asked', zh: '预留余量' },
  sizedFor: { en: 'Sized for', zh: '按此容量配置' },
  bomTitle: { en: 'Bill of materials', zh: '设备清单' },
  quantity: { en: 'Quantity', zh: '数量' },
  spec: { en: 'Specification', zh: '规格' },
  errorsTitle: { en: 'Limits broken', zh: '超出限制' },
  bitrateEstimate: { en: 'estimate', zh: '估算' },
  recorderCount: { en: 'Recorders', zh: '录像设备台数' },
  item: { en: 'Item', zh: '项目' },
  value: { en: 'Value', zh: '数值' },
  daysUnit: { en: 'days', zh: '天' },
  channelsUnit: { en: 'channels', zh: '路' },
  auditTitle: { en: 'Retention audit', zh: '录像存储时长核查' },
  channel: { en: 'Channel', zh: '通道' },
  channelsTitle: { en: 'Channels', zh: '各通道结果' },
  verdict: { en: 'Verdict', zh: '结论' },
  retainedDays: { en: 'Retained days', zh: '已存天数' },
  coverage: { en: 'Coverage', zh: '覆盖率' },
  biggestGap: { en: 'Biggest gap', zh: '最大缺口' },
  damaged: { en: 'Damaged', zh: '损坏' },
  reasons: { en: 'Reasons', zh: '原因' },
  pass: { en: 'pass', zh: '合格' },
  warn: { en: 'warn', zh: '警告' },
  fail: { en: 'FAIL', zh: '不合格' },
  pending: { en: 'pending', zh: '待满期' },
  unverified: { en: 'UNVERIFIED', zh: '未核实' },
  recorder: { en: 'Recorder', zh: '录像机' },
  rule: { en: 'Rule', zh: '规则' },
  'indicator.storageCompliance': { en: 'Storage-time compliance rate', zh: '监控数据存储时间达标率' },
  'indicator.deviceGoodOrder': { en: 'Video surveillance device good-order rate', zh: '视频监控设备完好率' },
  indicators: { en: 'Indicators (seed document)', zh: '绩效指标' },
  indicatorLine: { en: '{name}: {value}% ({num}/{den}), target {target}%, score {score}% of its points', zh: '{name}：{value}%（{num}/{den}），目标值 {target}%，得分为该项分值的 {score}%' },
  timeline: { en: 'Timeline of the window (oldest left, newest right)', zh: '存储期时间轴（左旧右新）' },
  history: { en: 'Retained days over time', zh: '已存天数变化' },
  legend: { en: 'recorded · partly · gap · damaged · before the oldest footage', zh: '有录像 · 部分 · 缺失 · 损坏 · 最早录像之前' },
  rows: { en: '{n} {n:row|rows}', zh: '共 {n} 条' },
  reportTitle: { en: 'Video retention compliance report', zh: '视频录像存储时长合规报告' },
  measured: { en: 'Measured', zh: '实测' },
  storageLine: { en: 'Storage holding the archive: {capacity}, {used} used', zh: '录像所在存储：容量 {capacity}，已用 {used}' },
  'reason.resolution': { en: 'resolution', zh: '分辨率不足' },
  'reason.frame-rate': { en: 'frame rate', zh: '帧率不足' },
  'reason.codec': { en: 'codec', zh: '编码不符' },
  policyText: { en: 'keep {days} {days:day|days}, gaps up to {gap}, newest within {stale}', zh: '保存 {days} 天，缺口不超过 {gap}，最新录像不早于 {stale} 前' },
  fleetTitle: { en: 'Fleet evidence', zh: '各节点核查依据' },
  'fleet.ok': { en: 'audited', zh: '已核查' },
  'fleet.stale': { en: 'STALE audit', zh: '核查结果过期' },
  'fleet.no-evidence': { en: 'NO audit', zh: '无核查结果' },
  fleetRecorderLine: { en: '{recorder}: {status}{from}; {summary}; {indicators}', zh: '{recorder}：{status}{from}；{summary}；{indicators}' },
  fleetFrom: { en: ' by {host}, {age} h old ({file})', zh: '，来自 {host}，{age} 小时前（{file}）' },
  fleetUnauthenticated: { en: 'unauthenticated: no trusted signature', zh: '未认证：无受信任签名' },
  fleetDocuments: { en: 'Documents: {used} used, {stale} stale, {superseded} superseded, {rejected} rejected', zh: '文件：采用 {used}，过期 {stale}，被更新取代 {superseded}，拒收 {rejected}' },
  summaryLine: { en: '{channels} {channels:channel|channels}: {pass} pass, {warn} warn, {fail} fail, {pending} pending, {unverified} unverified', zh: '共 {channels} 路：合格 {pass}，警告 {warn}，不合格 {fail}，待满期 {pending}，未核实 {unverified}' },
  skippedLine: { en: '{files} {files:file|files} skipped, e.g.', zh: '跳过 {files} 个文件，例如' },
  layoutLine: { en: 'Layout', zh: '目录格式' },
  clock: { en: 'Audited at', zh: '核查时间' },
  'reason.retention-short': { en: 'retention short', zh: '保存天数不足' },
  'reason.gap': { en: 'gap', zh: '录像缺口' },
  'reason.stale': { en: 'stale', zh: '录像中断' },
  'reason.damaged': { en: 'damaged', zh: '文件损坏' },
  'reason.no-segments': { en: 'no segments', zh: '无录像' },
  'reason.no-evidence': { en: 'no recent evidence', zh: '无近期核查结果' },
  'reason.probe-budget': { en: 'not verified: probe budget spent', zh: '未核实：探测次数用尽' },
  'reason.probe-error': { en: 'not verified: the probe tool failed', zh: '未核实：探测工具出错' },
  'reason.weaker-rule': { en: "the node audited by a rule weaker than the fleet's", zh: '节点采用的规则低于全局要求' },
  'reason.unread-recorder': { en: "not verified: the recorder's root holds another recorder's storage that vstor does not read", zh: '未核实：该录像机目录中有 vstor 无法读取的其他录像机存储' },
  'reason.unread-footage': { en: "not verified: the device lists the footage but would not give any of it to read (its list alone, evidence: device-list)", zh: '未核实：设备列出了录像，但无法读取其内容（仅有设备自身的列表）' },
  'reason.device-unreachable': { en: 'not verified: the recorder could not be reached over its API', zh: '未核实：无法通过接口连接录像机' },
  'reason.device-auth': { en: 'not verified: the recorder refused the user and password (not retried, so as not to lock the account)', zh: '未核实：录像机拒绝了用户名和密码（为免锁定账户，未重试）' },
  'reason.device-clock': { en: "not verified: the recorder's clock is off by more than the stale window, so its recordings' times cannot be held against ours", zh: '未核实：录像机时钟偏差超过断录判定时限，其录像时间无法与本机时间比对' },
  'reason.device-no-history': { en: 'not verified: the recorder says when its recording began and ended but keeps no history of where it stopped, so gaps cannot be told', zh: '未核实：录像机只给出录像起止时间，不提供中断记录，无法判断缺口' },
  'reason.device-answer': { en: 'not verified: the recorder answered something that is not a list of recordings', zh: '未核实：录像机的应答不是有效的录像列表' },
  'reason.unreadable-folder': { en: 'not verified: a folder could not be read', zh: '未核实：有目录无法读取' },
  'reason.stream-unmeasured': { en: 'not verified: stream not measured', zh: '未核实：码流参数未测得' },
  'reason.index-behind': { en: 'not verified: the archive changed since the watcher last read it', zh: '未核实：监视进程上次读取后录像已变动' },
  eventMode: { en: 'event', zh: '事件录像' },
  auto: { en: 'auto', zh: '自动识别' },
  dayTitle: { en: 'day {i}/{n} ({date}): {pct}% recorded, {damaged} damaged', zh: '第 {i}/{n} 天（{date}）：录像 {pct}%，损坏 {damaged}' },
  daysShort: { en: 'd', zh: '天' },
  requiredShort: { en: 'rule {days} d', zh: '规则 {days} 天' },
  'note.long-silence': { en: 'silent for {hours} h inside the window, far longer than its usual quiet spells (limit {usual} h): is the camera still recording events?', zh: '存储期内有 {hours} 小时无录像，远长于平时的间隔（上限 {usual} 小时）：摄像机是否仍在录制事件？' },
  'note.damaged-outside': { en: '{n} damaged {n:segment|segments} outside the window', zh: '存储期外有 {n} 个损坏的录像段' },
  'note.device-disk': { en: 'the recorder reports disk {disks} in error', zh: '录像机报告硬盘 {disks} 异常' },
  'note.device-deep-head': { en: '--deep: each of the recorder\'s {n} {n:recording|recordings} read to its first key frame, not downloaded whole', zh: '--deep：录像机的 {n} 段录像各读取至首个关键帧，未整段下载' },
  'note.device-clock': { en: "the recorder's clock is off by {seconds} s, more than the allowed gap", zh: '录像机时钟偏差 {seconds} 秒，超过允许的间隔' },
  'note.empty-files': { en: '{n} empty {n:file|files} (0 bytes), not counted as footage', zh: '{n} 个空文件（0 字节），不计为录像' },
  'note.probe-timeouts': { en: '{n} {n:segment|segments} gave no probe answer in time (probe-timeout)', zh: '{n} 个录像段探测超时' },
  'note.probe-errors': { en: '{n} {n:segment|segments} could not be probed (the probe tool failed, not the footage)', zh: '{n} 个录像段无法探测（探测工具出错，非录像问题）' },
  'note.future': { en: "{n} {n:segment|segments} named after the audit's time by more than the stale window (a recorder clock ahead?), not counted", zh: '{n} 个录像段的时间晚于核查时间（录像机时钟超前？），不计入' },
  'note.assumed-ends': { en: '{n} segment {n:end|ends} assumed from the usual length: their file times are not recording times (a copied archive?); --deep measures them', zh: '{n} 个录像段的结束时间按常规时长推定：文件时间不是录像时间（拷贝的存档？）；--deep 可实测' },
  'note.resolution-low': { en: "resolution {size} is below the rule's {min}", zh: '分辨率 {size} 低于规则要求的 {min}' },
  'note.fps-low': { en: "frame rate {fps} fps is below the rule's {min}", zh: '帧率 {fps} fps 低于规则要求的 {min}' },
  'note.codec-other': { en: "codec {codecs} is not in the rule's {allowed}", zh: '编码 {codecs} 不在规则允许的 {allowed} 之内' },
  'note.bitrate-off': { en: 'bitrate: measured {measured}, planned {planned} ± {tolerance}%', zh: '码率：实测 {measured}，规划 {planned} ± {tolerance}%' },
  'skip.hidden folder': { en: 'hidden folder', zh: '隐藏目录' },
  'skip.hidden file': { en: 'hidden file', zh: '隐藏文件' },
  'skip.symbolic link (not followed)': { en: 'symbolic link (not followed)', zh: '符号链接（不跟随）' },
  'skip.not a regular file': { en: 'not a regular file', zh: '非普通文件' },
  'skip.not a media file': { en: 'not a media file', zh: '非录像文件' },
  'skip.cannot be read (permission denied)': { en: 'cannot be read (permission denied)', zh: '无读取权限' },
  'skip.layout': { en: 'does not match the {layout} layout', zh: '不符合 {layout} 目录格式' },
  'problem.cannot-list': { en: '{path}: cannot list ({code})', zh: '{path}：无法列出目录（{code}）' },
  'problem.cannot-read': { en: '{path}: cannot read ({code})', zh: '{path}：无法读取（{code}）' },
  'problem.vanished': { en: '{path}: vanished during the scan', zh: '{path}：扫描期间消失' },
  'problem.no-media': { en: '{path}: no media files found ({exts}); layouts known: {layouts}', zh: '{path}：未找到录像文件（{exts}）；已知目录格式：{layouts}' },
  'problem.no-match': { en: '{path}: no file matches the {layout} layout', zh: '{path}：没有文件符合 {layout} 目录格式' },
  'problem.fold': { en: '{path}: {n} segment(s) named in an hour the clock repeated (turned back) could not be placed by their file times; read as the first pass', zh: '{path}：{n} 个录像段处于时钟回拨重复的时段，无法按文件时间定位，按第一次经过计' },
  'problem.copied': { en: '{path}: the file times of {n} channel(s) are not recording times (a copied archive?): segment ends were taken from the usual segment length, so short outages may not show; --deep measures them', zh: '{path}：{n} 路的文件时间不是录像时间（拷贝的存档？）：录像段结束时间按常规时长推定，短时中断可能看不出；--deep 可实测' },
} as const;

export type Word = keyof typeof WORDS;

/** A channel's note in the language (audit/notes.ts). */
export function noteText(lang: Lang, n: { code: string; vars: Record<string, string | number> }): string {
  return t(lang, `note.${n.code}` as Word, n.vars);
}

/** A skipped file's reason, as the index keeps it (English), in the language. */
export function skipText(lang: Lang, reason: string): string {
  const layout = /^does not match the (.+) layout$/.exec(reason);
  if (layout) return t(lang, 'skip.layout', { layout: layout[1]! });
  return `skip.${reason}` in WORDS ? t(lang, `skip.${reason}` as Word) : reason;
}

/** The shapes of the scan's problem lines (English, as JSON carries them), to say them in another language. */
const PROBLEMS: [RegExp, Word, string[]][] = [
  [/^(.*): cannot list \((.+)\)$/, 'problem.cannot-list', ['path', 'code']],
  [/^(.*): cannot read \((.+)\)$/, 'problem.cannot-read', ['path', 'code']],
  [/^(.*): vanished during the scan$/, 'problem.vanished', ['path']],
  [/^(.*): no media files found \((.+)\); layouts known: (.+)$/, 'problem.no-media', ['path', 'exts', 'layouts']],
  [/^(.*): no file matches the (.+) layout$/, 'problem.no-match', ['path', 'layout']],
  [/^(.*): (\d+) segment\(s\) named in an hour the clock repeated/, 'problem.fold', ['path', 'n']],
  [/^(.*): the file times of (\d+) channel\(s\) are not recording times/, 'problem.copied', ['path', 'n']],
];

export function problemText(lang: Lang, line: string): string {
  if (lang === 'en') return line;
  for (const [re, word, names] of PROBLEMS) {
    const m = re.exec(line);
    if (m) return t(lang, word, Object.fromEntries(names.map((k, i) => [k, m[i + 1]!])));
  }
  return line;
}

/**
 * A word or line in the language, with `{name}` filled in; `{name:one|other}` picks the singular form when
 * the variable is 1 ("1 channel", "2 channels"; Chinese needs none).
 */
/** "reason.frozen-disk" -> "frozen-disk (?)": a code this vstor does not know, shown as given, never a crash. */
function unknownWord(word: string): string {
  return `${word.replace(/^(reason|note|verdict)\./, '')} (?)`;
}

export function t(lang: Lang, word: Word, vars: Record<string, string | number> = {}): string {
  // a code this vstor does not know (a reason or note from a newer node's document) is shown as given
  const entry = WORDS[word] as (typeof WORDS)[Word] | undefined;
  if (!entry) return unknownWord(word);
  return fill(entry[lang], vars);
}

/** A template's `{name}` filled in, `{name:one|other}` the singular form when the variable is 1. */
export function fill(template: string, vars: Record<string, string | number>): string {
  return template
    .replace(/\{(\w+):([^|}]*)\|([^}]*)\}/g, (_, k: string, one: string, other: string) => (vars[k] === 1 ? one : other))
    .replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}
