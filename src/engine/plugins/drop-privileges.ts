/**
 * Drops root privileges once the servers are bound (start priority 77, after their 75), so a
 * privileged port can be opened first: clears supplementary groups, sets gid, then uid, then umask.
 */
import type { Bus } from "../bus.js";
import { SimplePlugin, type BusChannel } from "../plugin.js";

export interface DropPrivilegesOptions {
  /** User name or number to run as. */
  uid?: number | string;
  /** Group name or number to run as. */
  gid?: number | string;
  /** For example 0o027. */
  umask?: number;
}

export class DropPrivileges extends SimplePlugin {
  static override priorities: Partial<Record<BusChannel, number>> = { start: 77 };
  uid: number | string | undefined;
  gid: number | string | undefined;
  umask: number | undefined;
  #done = false;

  constructor(bus: Bus, { uid, gid, umask }: DropPrivilegesOptions = {}) {
    super(bus);
    this.uid = uid;
    this.gid = gid;
    this.umask = umask;
  }

  start(): void {
    if (this.#done) return;
    this.#dropIds();
    this.#applyUmask();
    this.#done = true;
  }

  #dropIds(): void {
    const { uid, gid } = this;
    if (uid === undefined && gid === undefined) {
      this.bus.log("uid/gid not set.");
      return;
    }
    if (!process.getuid || !process.getgid || !process.setuid || !process.setgid || !process.setgroups) {
      this.bus.log("uid/gid cannot be changed on this platform; ignoring them.", "warning");
      return;
    }
    const current = process.getuid!();
    if (current !== 0) {
      throw new Error(`DropPrivileges: changing uid/gid needs root, but this process runs as uid ${current}.`);
    }
    this.bus.log(`Started as uid: ${current} gid: ${process.getgid!()}`);
    process.setgroups!([]);
    if (gid !== undefined) process.setgid!(gid);
    if (uid !== undefined) process.setuid!(uid);
    this.bus.log(`Running as uid: ${process.getuid!()} gid: ${process.getgid!()}`);
  }

  #applyUmask(): void {
    if (this.umask === undefined) {
      this.bus.log("umask not set.");
      return;
    }
    const old = process.umask(this.umask);
    this.bus.log(`umask old: ${octal(old)}, new: ${octal(this.umask)}`);
  }
}

function octal(mask: number): string {
  return mask.toString(8).padStart(3, "0");
}
