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
  writeRate: { en: 'Sustained write rate', zh: '持续写入速率' },
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
  rawCapacity: { en: 'Raw capacity', zh: '裸容量' },
  usableCapacity: { en: 'Usable after RAID', zh: 'RAID 后可用' },
  usableAfterOverhead: { en: 'Usable after overhead', zh: '扣除预留后可用' },
  headroom: { en: 'Headroom', zh: '余量' },
  capacityGiven: { en: 'Capacity given', zh: '已有容量' },
  daysHeld: { en: 'Days it holds', zh: '可保存天数' },
  requiredDays: { en: 'Days required', zh: '要求天数' },
  fits: { en: 'Fits', zh: '是否满足' },
  yes: { en: 'yes', zh: '是' },
  no: { en: 'NO', zh: '否' },
  margin: { en: 'Margin', zh: '余量' },
  maxBitrate: { en: 'Bitrate that fits', zh: '可容纳码率' },
  item: { en: 'Item', zh: '项目' },
  value: { en: 'Value', zh: '数值' },
  daysUnit: { en: 'days', zh: '天' },
  channelsUnit: { en: 'channels', zh: '路' },
} as const;

export type Word = keyof typeof WORDS;

export function t(lang: Lang, word: Word): string {
  return WORDS[word][lang];
}
