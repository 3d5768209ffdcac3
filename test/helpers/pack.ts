/** Packs built from member objects, as tests write them (the store builds them from columns). */
import { extendPack, MemberList, type EncodedPack, type PackMember } from '../../src/index/pack.ts';

/** Encodes members (any order; sorted by start, then name). */
export function encodePack(members: PackMember[]): EncodedPack {
  const list = new MemberList();
  for (const m of members) list.push(m);
  return extendPack(undefined, list);
}
