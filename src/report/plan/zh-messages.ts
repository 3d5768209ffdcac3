/**
 * The plan's messages in Chinese. The planner (src/plan/) writes its notes, risks, errors, count reasons
 * and bill lines in English, the text its JSON keeps; a Chinese screen reads them through this table, one
 * pattern a message the planner writes, names and figures carried over as they are. A message with no
 * pattern stays English: test/plan/zh-plan.test.ts plans every sample and every message in Chinese and fails
 * on an English word that is not a name or a unit.
 */
type Rule = [RegExp, (...m: string[]) => string];

const STREAM: Record<string, string> = { main: '主码流', sub: '子码流', pictures: '图片' };
const SCENE: Record<string, string> = { low: '低', medium: '中', high: '高' };

/** A message that may start with a unit's name or a prefix (`archive tier: `, `recorder nvr: `). */
const MESSAGES: Rule[] = [
  [/^archive tier: (.*)$/s, (_, rest) => `归档层：${zhMessage(rest!)}`],
  [/^recorder (.+?): (RAID .*|\d+ hot spare.*|a RAID group .*)$/s, (_, name, rest) => `录像设备 ${name}：${zhMessage(rest!)}`],
  [/^after ([\d.]+%) growth: (.*)$/s, (_, pct, rest) => `扩容 ${pct} 后：${zhMessage(rest!)}`],
  [/^RAID (none|0): no redundancy at all: one failed disk loses its footage( and that of its whole group)?\.$/, (_, raid, whole) => `RAID ${raid}：没有任何冗余，坏一块盘即丢失其录像${whole ? '及整组录像' : ''}。`],
  [/^(\d+) hot spare\(s\) with RAID (\S+): a spare has nothing to rebuild without redundancy; they only wait on the shelf\.$/, (_, n, raid) => `RAID ${raid} 配 ${n} 块热备盘：没有冗余就无从重建，热备盘只是闲置。`],
  [
    /^RAID 5 with (\d+) x (\S+ TB) disks: a rebuild reads the (\d+) other disks whole, (.+?) bits; at the enterprise URE rate of 1 in 10\^15 bits the chance of an unreadable sector on the way is (.+?) = (\d+)%, and the rebuild takes (.+?) = (\d+) h with no redundancy left; RAID 6 survives both\.$/,
    (_, n, size, others, bits, expr, p, time, h) => `RAID 5 组由 ${n} 块 ${size} 硬盘组成：重建时要完整读取其余 ${others} 块盘，${bits} 位；按企业级不可恢复读错误率 10^15 位一次计，途中遇到不可读扇区的概率为 ${expr} = ${p}%，重建需 ${time} = ${h} 小时，期间没有冗余；RAID 6 可承受这两种情况。`,
  ],
  [/^a RAID group of (\d+) disks is wider than an enclosure of (\d+) bays: each group spans enclosures, so one enclosure failing takes groups down with it\.$/, (_, n, bays) => `阵列组 ${n} 块盘宽于 ${bays} 盘位的机箱：阵列组跨机箱，一台机箱故障即殃及多个阵列组。`],
  [/^(\d+) recorder\(s\) of (.+?) above the ([\d.]+%) load ceiling \(busiest: (.+?) at ([\d.]+%) of its rating\): a recorder run near its rating drops frames when playback, backup or a rebuild adds load\.$/, (_, n, name, max, worst, load) => `${name} 有 ${n} 台录像机超过 ${max} 负载上限（最高：${worst}，达额定的 ${load}）：接近额定运行的录像机在回放、备份或重建时会丢帧。`],
  [/^(\d+) switch\(es\) of (.+?) carry more than ([\d.]+%) of their uplink \(busiest at ([\d.]+%)\)\.$/, (_, n, name, max, worst) => `${name} 有 ${n} 台交换机上联负载超过 ${max}（最高 ${worst}）。`],
  [/^switch (.+?) carries no camera and no viewer: name its camera groups \(groups: \[\.\.\.\]\) or its viewers, else nothing on it is checked\.$/, (_, name) => `交换机 ${name} 既不接摄像机也不供预览：请写明其摄像机分组（groups: [...]）或预览人数，否则不对其做任何核算。`],
  [/^camera group\(s\) (.+) on no switch: their uplink and PoE are not checked\.$/, (_, groups) => `摄像机分组 ${groups} 未接任何交换机：其上联与 PoE 未核算。`],
  [/^a recorder does not move its oldest (\d+) days there by itself; a VMS's archiving \(Milestone, Genetec\), a CVR or a storage tiering job does, and is part of what to buy\.$/, (_, days) => `录像机不会自行把最早的 ${days} 天录像迁移到归档层，需由 VMS 的归档功能（Milestone、Genetec）、CVR 或存储分层任务完成，应一并采购。`],
  [/^SD cards of (.+?) hold ([\d.]+) days of the (main|sub) stream: less than a day of fallback\.$/, (_, group, days, stream) => `${group} 的 SD 卡只能保存 ${days} 天${STREAM[stream!]}：断网时的兜底不足一天。`],
  [/^(.+?): ingest (.+?) is over its inbound rating of (.+?) \(load ([\d.]+%)\)$/, (_, name, ingest, rating, load) => `${name}：接入 ${ingest}，超过其接入带宽额定 ${rating}（负载 ${load}）`],
  [/^(.+?): its (\d+) channels need (\d+) disks \((\d+) RAID (\S+) group\(s\) of (\d+)( \+ (\d+) spare\(s\))?\) but it has (\d+) bays$/, (_, name, ch, disks, groups, raid, size, _s, spares, bays) => `${name}：${ch} 路需要 ${disks} 块盘（${groups} 个 RAID ${raid} 组，每组 ${size} 块${spares ? `，另 ${spares} 块热备` : ''}），但只有 ${bays} 个盘位`],
  [/^(.+?): sends (.+?) \((\d+) viewed streams and its copy to the archive tier\), over its outbound rating of (.+?) \(load ([\d.]+%)\)$/, (_, name, out, n, rating, load) => `${name}：发送 ${out}（${n} 路预览/回放及向归档层的复制），超过其输出带宽额定 ${rating}（负载 ${load}）`],
  [/^(\d+) recorder\(s\) of (.+?) send more than ([\d.]+%) of their outbound rating \(busiest: (.+?) at ([\d.]+%)\): viewing and the archive copy compete for it\.$/, (_, n, name, max, worst, load) => `${name} 有 ${n} 台录像机输出超过其输出带宽额定的 ${max}（最高：${worst}，${load}）：预览与归档复制相互争用。`],
  [/^ANR back-fill: the busiest recorder of (.+?) \((.+?), ([\d.]+%) of its inbound rating\) takes ([\d.]+) h to fetch back each hour of a network outage from the cameras' SD cards while it records\.$/, (_, model, name, load, h) => `ANR 断网续传：${model} 中最繁忙的录像机（${name}，接入带宽额定的 ${load}）在继续录像的同时，每断网 1 小时需 ${h} 小时才能从摄像机 SD 卡补回录像。`],
  [/^ANR back-fill: the busiest recorder of (.+?) \((.+?)\) has no inbound rating left to fetch back an outage from the cameras' SD cards\.$/, (_, model, name) => `ANR 断网续传：${model} 中最繁忙的录像机（${name}）已无剩余接入带宽从摄像机 SD 卡补回断网期间的录像。`],
  [/^(.+?): (\d+) channels, more than the (\d+) it takes$/, (_, name, ch, max) => `${name}：${ch} 路，超过其通道上限 ${max}`],
  [/^(.+?): no number of this model keeps within its limits, even with one channel each \((.+?) inbound at ([\d.]+%) load, (\d+) bays\): choose a larger model$/, (_, name, rate, load, bays) => `${name}：该型号无论多少台都超出限制，即使每台只接一路（接入 ${rate}，负载 ${load}，${bays} 盘位）：请选更大的型号`],
  [
    /^(.+?): its uplink carries (.+?) \(recording (.+?) \+ viewing (.+?), \+ ([\d.]+%) overhead(?:, \+ (.+?) from the switches it aggregates)?\), over its (.+?) \(load ([\d.]+%)\)$/,
    (_, name, up, rec, view, oh, agg, cap, load) => `${name}：上联承载 ${up}（录像 ${rec} + 预览 ${view}，另加 ${oh} 开销${agg ? `，另有下联交换机汇聚 ${agg}` : ''}），超过其 ${cap}（负载 ${load}）`,
  ],
  [/^(.+?): its cameras draw (.+?) W of PoE, over ([\d.]+%) of its budget of (.+?) W \((.+?) W\)$/, (_, name, w, pct, budget, ceiling) => `${name}：摄像机 PoE 功耗 ${w} W，超过其 ${budget} W 预算的 ${pct}（${ceiling} W）`],
  [/^(.+?): (\d+) cameras, more than its (\d+) ports$/, (_, name, n, ports) => `${name}：${n} 台摄像机，超过其 ${ports} 个端口`],
  [/^(.+?): not used, the bitrate given wins over an estimate$/, (_, label) => `${label}：未采用，已给出码率时不再估算`],
  [/^(.+?) (\S+) is bytes per second: read as (.+?) \(use Mbps for megabits\)$/, (_, label, given, bits) => `${label} ${given} 是字节每秒：按 ${bits} 读取（兆比特请写 Mbps）`],
  [
    /^(.+?): bitrate (\d+) kbit\/s is an estimate: (.*?); vstor plan --from-audit replaces it with the rates the archive really has$/s,
    (_, name, kbps, arithmetic) =>
      `${name}：码率 ${kbps} kbit/s 为估算值：${arithmetic!.replace(/motion rank/g, '运动等级').replace(/at night/g, '夜间').replace(/\((low|medium|high)\)/g, (_m, w: string) => `（${SCENE[w]}）`)}；vstor plan --from-audit 可改用录像实测码率`,
  ],
];

/** Reasons a count of recorders or switches was reached (`countReason`). */
const REASONS: Rule[] = [
  [/^(.*), then the busiest recorder's limits$/, (_, r) => `${zhReason(r!)}，再按最繁忙录像机的各项限制`],
  [/^(.*), cameras whole on each switch$/, (_, r) => `${zhReason(r!)}，每台交换机接整数台摄像机`],
  [/^inbound rating (.+?) at ([\d.]+%) load$/, (_, rate, load) => `接入带宽额定 ${rate}，负载 ${load}`],
  [/^(\d+) channels a recorder$/, (_, n) => `每台 ${n} 路`],
  [/^(\d+) bays of (\S+) TB$/, (_, bays, tb) => `${bays} 盘位 × ${tb} TB`],
  [/^(\d+) ports$/, (_, n) => `${n} 个端口`],
  [/^PoE budget (.+?) W at ([\d.]+%) \((.+?) W\)$/, (_, w, pct, c) => `PoE 预算 ${w} W 的 ${pct}（${c} W）`],
  [/^the busiest uplink at ([\d.]+%) load$/, (_, pct) => `最繁忙上联负载 ${pct}`],
  [/^one recorder$/, () => '一台录像机'],
  [/^one switch$/, () => '一台交换机'],
  [/^no channels$/, () => '无通道'],
  [/^no count fits$/, () => '无论多少台都不满足'],
  [/^no cameras: one switch$/, () => '无摄像机：一台交换机'],
];

/** Bill-of-materials items and specifications. */
const BILL: Rule[] = [
  [/^recorders: (.+?), standby \(N\+(\d+)\)$/, (_, name, n) => `录像机：${name}，热备（N+${n}）`],
  [/^recorders: (.+)$/, (_, name) => `录像机：${name}`],
  [/^(storage|archive) array head unit \(controller\)$/, (_, w) => `${w === 'storage' ? '存储' : '归档'}阵列机头（控制器）`],
  [/^runs the RAID groups across (\d+) shelves$/, (_, n) => `管理 ${n} 台扩展柜上的阵列组`],
  [/^storage enclosures$/, () => '存储设备'],
  [/^archive enclosures$/, () => '归档存储设备'],
  [/^(.+?): hot spare disks (.+)$/, (_, where, size) => `${zhWhere(where!)}：热备硬盘 ${size}`],
  [/^(.+?): disks (.+)$/, (_, where, size) => `${zhWhere(where!)}：硬盘 ${size}`],
  [/^cold spare disks (.+)$/, (_, size) => `备件硬盘 ${size}`],
  [/^switch (.+)$/, (_, name) => `交换机 ${name}`],
  [/^SD cards (\S+ \S+) \((.+)\)$/, (_, size, group) => `SD 卡 ${size}（${group}）`],
  [/^installed, idle until a disk fails$/, () => '已安装，坏盘时自动顶替'],
  [/^RAID (\S+), groups of (\d+)$/, (_, raid, n) => `RAID ${raid}，每组 ${n} 块`],
  [/^no RAID$/, () => '无 RAID'],
  [/^(\d+) bays$/, (_, n) => `${n} 盘位`],
  [/^(\d+) bays, inbound (.+?)(, (\d+) channels)?$/, (_, bays, rate, _c, ch) => `${bays} 盘位，接入 ${rate}${ch ? `，${ch} 路` : ''}`],
  [/^takes over a failed recorder; (\d+) bays, inbound (.+)$/, (_, bays, rate) => `接替故障录像机；${bays} 盘位，接入 ${rate}`],
  [/^on the shelf$/, () => '库存备用'],
  [/^([\d.]+)% of (\d+) installed, rounded up, on the shelf$/, (_, pct, n) => `已安装 ${n} 块的 ${pct}%，向上取整，库存备用`],
  [/^one a camera$/, () => '每台摄像机一张'],
  [/^(.*?)(; )?checks (pass|FAIL)$/, (_, checks, _sep, ok) => `${zhChecks(checks!)}${checks ? '；' : ''}核算${ok === 'pass' ? '通过' : '未通过'}`],
];

function apply(rules: Rule[], text: string): string | undefined {
  for (const [re, zh] of rules) {
    const m = re.exec(text);
    if (m) return zh(...m);
  }
  return undefined;
}

function zhWhere(where: string): string {
  if (where === 'storage') return '存储';
  if (where === 'archive') return '归档';
  return where.replace(/ standby$/, ' 热备');
}

function zhChecks(checks: string): string {
  return checks.replace(/(\d+) ports/, '$1 口').replace(/uplink /, '上联 ');
}

/** A note, risk or error in Chinese, or as written when no pattern knows it. */
export function zhMessage(text: string): string {
  return apply(MESSAGES, text) ?? text;
}

export function zhReason(text: string): string {
  return apply(REASONS, text) ?? text;
}

export function zhBill(text: string): string {
  return apply(BILL, text) ?? text;
}
