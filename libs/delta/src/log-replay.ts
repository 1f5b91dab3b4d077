import {
  deletionVectorUniqueId,
  type AddAction,
  type CommitInfoAction,
  type DeltaAction,
  type DomainMetadataAction,
  type MetadataAction,
  type ProtocolAction,
  type RemoveAction,
  type SidecarAction,
  type TxnAction,
} from './actions';
import type { DataFilePaths } from './data-file-paths';
import { InvalidDeltaLogError } from './delta-errors';

/**
 * Action reconciliation (PROTOCOL.md "Action Reconciliation"), applied forward: a checkpoint
 * first, then commits in version order. Logical files are keyed by their decoded, fully
 * qualified path plus deletion-vector id; the latest action for a key wins, a `remove` moves the
 * file to the tombstones and a later `add` brings it back. The latest protocol and metaData win,
 * the latest txn per appId wins, domain metadata tombstones delete their domain.
 */
export class LogReplay {
  protocol: ProtocolAction | undefined;
  /** The log file the current protocol came from. */
  protocolSource: string | undefined;
  metadata: MetadataAction | undefined;
  metadataSource: string | undefined;
  /** Version of the last replayed commit or checkpoint. */
  version = -1;
  /** commitInfo of the last replayed commit (checkpoints do not keep commitInfo). */
  lastCommitInfo: CommitInfoAction | undefined;
  readonly files = new Map<string, AddAction>();
  /** The log file each live `add` came from, for error messages. */
  readonly fileSources = new Map<string, string>();
  readonly tombstones = new Map<string, RemoveAction>();
  readonly txns = new Map<string, TxnAction>();
  readonly domains = new Map<string, DomainMetadataAction>();
  readonly sidecars: SidecarAction[] = [];

  constructor(
    private readonly table: string,
    private readonly paths: DataFilePaths,
  ) {}

  clone(): LogReplay {
    const copy = new LogReplay(this.table, this.paths);
    copy.protocol = this.protocol;
    copy.protocolSource = this.protocolSource;
    copy.metadata = this.metadata;
    copy.metadataSource = this.metadataSource;
    copy.version = this.version;
    copy.lastCommitInfo = this.lastCommitInfo;
    for (const [key, value] of this.files) copy.files.set(key, value);
    for (const [key, value] of this.fileSources) copy.fileSources.set(key, value);
    for (const [key, value] of this.tombstones) copy.tombstones.set(key, value);
    for (const [key, value] of this.txns) copy.txns.set(key, value);
    for (const [key, value] of this.domains) copy.domains.set(key, value);
    copy.sidecars.push(...this.sidecars);
    return copy;
  }

  private fileKey(source: string, path: string, dv: AddAction['deletionVector']): string {
    try {
      return this.paths.fileKey(path, dv ? deletionVectorUniqueId(dv) : undefined);
    } catch (error) {
      throw new InvalidDeltaLogError(this.table, source, `invalid file path ${JSON.stringify(path)}`, { cause: error });
    }
  }

  private apply(action: DeltaAction, source: string, fromCheckpoint: boolean): void {
    switch (action.kind) {
      case 'add': {
        const key = this.fileKey(source, action.value.path, action.value.deletionVector);
        this.files.set(key, action.value);
        this.fileSources.set(key, source);
        this.tombstones.delete(key);
        return;
      }
      case 'remove': {
        const key = this.fileKey(source, action.value.path, action.value.deletionVector);
        this.files.delete(key);
        this.fileSources.delete(key);
        this.tombstones.set(key, action.value);
        return;
      }
      case 'txn':
        this.txns.set(action.value.appId, action.value);
        return;
      case 'protocol':
        this.protocol = action.value;
        this.protocolSource = source;
        return;
      case 'metaData':
        this.metadata = action.value;
        this.metadataSource = source;
        return;
      case 'domainMetadata':
        if (action.value.removed) this.domains.delete(action.value.domain);
        else this.domains.set(action.value.domain, action.value);
        return;
      case 'sidecar':
        // Sidecars belong to V2 checkpoints only; in a commit they take no part in replay.
        if (fromCheckpoint) this.sidecars.push(action.value);
        return;
      case 'commitInfo':
      case 'cdc':
      case 'checkpointMetadata':
        return;
    }
  }

  applyCheckpoint(version: number, actions: readonly DeltaAction[], source: string): void {
    for (const action of actions) this.apply(action, source, true);
    this.version = version;
    this.lastCommitInfo = undefined;
  }

  applyCommit(version: number, actions: readonly DeltaAction[], source: string): void {
    if (this.version >= 0 && version !== this.version + 1) {
      throw new InvalidDeltaLogError(this.table, source, `commit ${version} replayed after version ${this.version}`);
    }
    let protocols = 0;
    let metadatas = 0;
    let commitInfo: CommitInfoAction | undefined;
    for (const action of actions) {
      if (action.kind === 'protocol') protocols++;
      if (action.kind === 'metaData') metadatas++;
      if (action.kind === 'commitInfo' && commitInfo === undefined) commitInfo = action.value;
    }
    if (protocols > 1) throw new InvalidDeltaLogError(this.table, source, 'more than one protocol action in one commit');
    if (metadatas > 1) throw new InvalidDeltaLogError(this.table, source, 'more than one metaData action in one commit');
    for (const action of actions) this.apply(action, source, false);
    this.version = version;
    this.lastCommitInfo = commitInfo;
  }
}
