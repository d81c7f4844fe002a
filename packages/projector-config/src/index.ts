export type {
  EmbeddingSpec,
  FolderContents,
  ProjectorFolderSpec,
  ProjectorWarning,
  WriteProgress,
  WriteProjectorFolderOptions,
  WrittenFolder,
} from './folder-spec.js';
export { BROWSER_LIMITS } from './folder-plan.js';
export { EMPTY_METADATA_VALUE, escapeTsvValue, formatMetadataTsv } from './metadata-tsv.js';
export type { MetadataTsv, MetadataTsvOptions } from './metadata-tsv.js';
export { CONFIG_FILE } from './paths.js';
export { formatProjectorPbtxt } from './pbtxt.js';
export type { PbtxtEmbedding } from './pbtxt.js';
export { ProjectorFolderError } from './projector-folder-error.js';
export { PROJECTOR_HOST, projectorUrl } from './projector-url.js';
export { MAX_SPRITE_SIDE } from './sprite-bookmark-checks.js';
export { decodeFloat32LE, encodeFloat32LE } from './tensor-data.js';
export type {
  EmbeddingInfo,
  Metadata,
  MetadataValue,
  Problem,
  ProjectorConfig,
  SpriteInfo,
  Tensor2D,
  ValidationReport,
} from './types.js';
export { assertValidProjectorFolder, validateProjectorFolder } from './validate-folder.js';
export { writeProjectorFolder } from './write-folder.js';
export { layoutBookmarks, type Layout, type LayoutBookmarkOptions } from './layout-bookmarks.js';
