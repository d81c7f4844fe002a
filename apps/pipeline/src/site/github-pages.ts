/** Options of {@link renderGithubPagesWorkflow}. */
export interface GithubPagesWorkflowOptions {
  /**
   * Folder to publish, relative to the repository root; the workflow's `path` input
   * overrides it on a manual run.
   * @default 'out/mnist'
   */
  path?: string;
  /**
   * Branch whose pushes publish the folder.
   * @default 'main'
   */
  branch?: string;
}

/**
 * Renders a GitHub Actions workflow that publishes a run folder to GitHub Pages with the
 * official actions (`actions/configure-pages`, `actions/upload-pages-artifact`,
 * `actions/deploy-pages`). It runs on each push to `branch` and by hand with a `path` input.
 * Before uploading, it fails when the folder has no `projector_config.json` or contains Git LFS
 * pointer files. Save it as `.github/workflows/pages.yml` and set the repository's Pages
 * source to "GitHub Actions".
 *
 * NOTE: the action versions are the major versions current in early 2026; newer majors may
 * exist when this runs.
 *
 * @returns The workflow as YAML text.
 * @throws RangeError when `path` or `branch` is empty or contains characters other than
 *   letters, digits and `._-/`, which would need quoting in YAML.
 */
export function renderGithubPagesWorkflow(options: GithubPagesWorkflowOptions = {}): string {
  const { path = 'out/mnist', branch = 'main' } = options;
  for (const [name, value] of [
    ['path', path],
    ['branch', branch],
  ]) {
    if (!/^[A-Za-z0-9._][A-Za-z0-9._/-]*$/.test(value) || value.split('/').includes('..')) {
      throw new RangeError(
        `renderGithubPagesWorkflow: ${name} must be a relative path of letters, digits and "._-/", received ${JSON.stringify(value)}.`,
      );
    }
  }

  return `# Publishes a projector-kit run folder to GitHub Pages.
#
# Commit the folder that "projector-kit run" wrote (${path} by default), save this file as
# .github/workflows/pages.yml and set Settings > Pages > Source to "GitHub Actions". The
# Embedding Projector then opens the run with
#   https://projector.tensorflow.org/?config=https://USER.github.io/REPO/projector_config.json
# (percent-encoded); run "projector-kit run --public-url https://USER.github.io/REPO/" so that
# the config holds absolute URLs.
#
# Data files must not be stored with Git LFS: Pages serves the small LFS pointer file in
# place of the data, and the projector then reads garbage or fails. "git lfs ls-files" must
# list none of the folder's files. A 10,000 x 128 float32 tensor is about 5 MB, well under
# GitHub's 100 MB limit per file.
name: Publish projector to GitHub Pages

on:
  push:
    branches: [${branch}]
  workflow_dispatch:
    inputs:
      path:
        description: Folder to publish, relative to the repository root
        required: false
        default: ${path}

permissions:
  contents: read
  pages: write
  id-token: write

# One deployment at a time; a running one is allowed to finish.
concurrency:
  group: pages
  cancel-in-progress: false

env:
  SITE_DIR: \${{ inputs.path || '${path}' }}

jobs:
  deploy:
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: \${{ steps.deployment.outputs.page_url }}
    steps:
      - uses: actions/checkout@v6
        with:
          lfs: false
          persist-credentials: false

      - name: Check the projector folder
        run: |
          if [ ! -f "$SITE_DIR/projector_config.json" ]; then
            echo "::error::$SITE_DIR/projector_config.json not found. Commit the folder that projector-kit run wrote, or pass its path."
            exit 1
          fi
          if grep -rlI --max-count=1 '^version https://git-lfs.github.com/spec/v1' "$SITE_DIR"; then
            echo "::error::The files above are Git LFS pointers. Store the data files in Git without LFS."
            exit 1
          fi

      - uses: actions/configure-pages@v6

      - uses: actions/upload-pages-artifact@v5
        with:
          path: \${{ env.SITE_DIR }}

      - id: deployment
        uses: actions/deploy-pages@v5
`;
}
