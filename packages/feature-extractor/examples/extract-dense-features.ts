import { selectBackend } from '@projector-kit/backend';
import { createReferenceCnn } from '@projector-kit/cnn-model';
import { extractFeatures } from '@projector-kit/feature-extractor';
import { gatherImages, gatherLabels, loadMnist, sampleIndices } from '@projector-kit/mnist-loader';

await selectBackend({ backend: 'wasm' });

// A trained model would come from loadModel(dir) of @projector-kit/cnn-model.
const model = createReferenceCnn({ seed: 1 });
const train = await loadMnist();
const sample = sampleIndices(train.count, 100, 7); // the tutorial takes 10,000 images
const images = gatherImages(train, sample);
const labels = gatherLabels(train, sample);

const { features, layer, output } = await extractFeatures(model, images, {
  batchSize: 64,
  alsoOutput: true,
  onProgress: (done, total) => console.log(`${done}/${total} images`),
});
console.log(layer, features.shape, output?.shape, labels.length); // dense_1 [ 100, 4096 ] [ 100, 10 ] 100
