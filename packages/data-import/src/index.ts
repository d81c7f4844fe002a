export { DataImportError } from './errors.js';
export { readNpy, type NpyTensor, type Tensor } from './npy.js';
export { readBytesTensor } from './bytes-tensor.js';
export { readTsvTensor } from './tsv-tensor.js';
export { readMetadataTable, type MetadataTable, type ReadMetadataTableOptions } from './metadata-table.js';
export { readImageFolder, type ImageFolder, type ReadImageFolderOptions } from './image-folder.js';
