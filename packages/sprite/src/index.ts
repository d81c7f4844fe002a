export { createSprite } from './create-sprite.js';
export type { CreateSpriteOptions, Rgba, Sprite } from './create-sprite.js';
export type { ImageBatch, PixelArray } from './images.js';
export { fitCellSize, MAX_SPRITE_SIDE, spriteLayout } from './layout.js';
export type { SpriteLayout, SpriteLayoutOptions } from './layout.js';
