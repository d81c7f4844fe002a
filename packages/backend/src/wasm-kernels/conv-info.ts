/**
 * Throws unless `dataFormat` is NHWC, the only layout that the wasm backend's Conv2D accepts.
 *
 * @param kernelName kernel that was called, for the message.
 * @param dataFormat the kernel's `dataFormat` attribute ('NHWC' or 'NCHW').
 */
export function requireChannelsLast(kernelName: string, dataFormat: string): void {
  if (dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new Error(
      `${kernelName} on the 'wasm' backend supports dataFormat 'NHWC' only, received '${dataFormat}'. ` +
        `Transpose the tensors to NHWC first.`,
    );
  }
}
