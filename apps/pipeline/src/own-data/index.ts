export { runEmbeddings } from './embeddings-command.js';
export { runImages } from './images-command.js';
export { EMBEDDINGS_OPTIONS, IMAGES_OPTIONS } from './own-options.js';
