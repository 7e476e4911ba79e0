// What the page says, in Chinese and English at once (the person at the door may read either).
// The reasons are the library's (lib/verdict_words.cpp, the CLI's words), so a gate and a phone say
// the same thing.

export const reasons = {
  malformed: ['不是有效的健康码', 'not a valid health code'],
  unsupported_alg: ['签名算法不受支持', 'signed with an algorithm this device does not accept'],
  unknown_key: ['签发机构未知（请更新信任列表）', 'issuer unknown to this device (update the trust list)'],
  bad_signature: ['签名无效：伪造或被篡改', 'signature invalid: forged or altered'],
  key_not_valid: ['签发密钥对此码无效', "the issuer's key is not valid for this code"],
  not_yet_valid: ['尚未生效', 'not valid yet'],
  expired: ['已过期', 'expired'],
  revoked: ['已被撤销', 'revoked by the authority'],
  live_required: ['请出示应用中的动态码，不接受截图', 'show the live code in the app, not a screenshot'],
  live_stale: ['动态码已过时（可能是截图）', 'live code too old (a screenshot?)'],
  live_bad_signature: ['动态码不是持有人手机生成的', "live code not made by the holder's phone"],
  status_not_accepted: ['此处不接受该颜色码', 'this status is not accepted here'],
  test_positive: ['核酸检测阳性', 'positive test'],
  test_too_old: ['核酸检测结果已超时', 'test result too old'],
  lists_too_stale: ['本设备名单过旧，需要更新', "this device's lists are too old: update needed"],
  clock_behind: ['设备时钟落后，请校准时间', 'device clock is behind: check the time'],
};

export const warnings = {
  trust_list_stale: ['信任列表已过期，请尽快更新', 'trust list out of date, update soon'],
  revocation_list_stale: ['撤销名单已过期，请尽快更新', 'revocation list out of date, update soon'],
  clock_behind: ['设备时钟落后，请校准时间', 'device clock is behind, check the time'],
};

export const listResults = {
  list_accepted: ['已接受', 'accepted'],
  list_unchanged: ['已是当前列表，无需更新', 'already held, nothing to change'],
  list_rollback: ['比本机列表旧，已拒绝', 'older than the list held, refused'],
  list_unknown_root: ['不是本机信任的根密钥签发，已拒绝', 'not signed by a pinned root, refused'],
  list_bad_signature: ['签名无效，已拒绝', 'signature invalid, refused'],
  list_malformed: ['无法读取，已拒绝', 'unreadable, refused'],
};

export const statusColour = {
  green: ['绿码', 'green'],
  yellow: ['黄码', 'yellow'],
  red: ['红码', 'red'],
};

export const ui = {
  pass: ['通过', 'PASS'],
  reject: ['拒绝', 'REJECT'],
  keyUpdate: ['密钥更新', 'Key update'],
  trustList: ['信任列表', 'trust list'],
  revocationList: ['撤销名单', 'revocation list'],
  noName: ['（无姓名）', '(no name)'],
  idHint: ['证件尾号', 'ID'],
  testNegative: ['核酸阴性', 'test negative'],
  testPositive: ['核酸阳性', 'test positive'],
  checkedAt: ['核验时间', 'checked'],
  reason: ['原因', 'reason'],
  pause: ['暂停', 'Pause'],
  resume: ['继续扫描', 'Resume'],
  scanning: ['正在扫描…', 'Scanning…'],
  paused: ['已暂停', 'Paused'],
  noCamera: ['无法使用摄像头', 'No camera'],
  starting: ['正在启动…', 'Starting…'],
  noLists: ['本机没有信任列表', 'this device holds no trust list'],
  stale: ['名单已过期', 'lists out of date'],
  clockBehind: ['时钟落后', 'clock behind'],
  offline: ['离线', 'offline'],
  seq: ['序号', 'seq'],
  nextUpdate: ['下次更新', 'next update'],
  exported: ['条记录已导出', 'record(s) exported'],
  fetchFailed: ['获取失败', 'fetch failed'],
};

// "通过 · PASS": both languages in one string, Chinese first.
export function both(pair, sep = ' · ') {
  return `${pair[0]}${sep}${pair[1]}`;
}
