import { promises as fs, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FileSource } from '../lsp/fileSource';
import { findYamlFiles, isYamlFileName } from './yamlFiles';

/** The language server's files in Node: `file:` URIs, read from the disk. */
export function nodeFileSource(): FileSource {
  return {
    folder(uri) {
      if (!uri.startsWith('file:')) return undefined;
      try {
        return pathToFileURL(path.resolve(fileURLToPath(uri))).toString();
      } catch {
        return undefined; // not a local folder
      }
    },

    async findYamlFiles(folder, options) {
      const root = fileURLToPath(folder);
      let limited = false;
      let files: string[];
      if (options.recursive) {
        files = await findYamlFiles(root, {
          exclude: options.exclude,
          maxFiles: options.maxFiles,
          onError: (file, error) => options.onError(`${file}: ${error.code ?? error.message}`),
          onLimit: () => (limited = true),
        });
      } else {
        let entries: Dirent[];
        try {
          entries = await fs.readdir(root, { withFileTypes: true });
        } catch (error) {
          options.onError(`${root}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
          return { uris: [], limited: false };
        }
        const all = entries
          .filter((entry) => entry.isFile() && isYamlFileName(entry.name))
          .map((entry) => path.join(root, entry.name))
          .sort();
        limited = all.length > options.maxFiles;
        files = all.slice(0, options.maxFiles);
      }
      return { uris: files.map((file) => pathToFileURL(file).toString()), limited };
    },

    async readFile(uri, maxFileSize) {
      try {
        const filePath = fileURLToPath(uri);
        const stat = await fs.stat(filePath);
        if (!stat.isFile()) return undefined;
        if (stat.size > maxFileSize) return { size: stat.size };
        return { size: stat.size, bytes: await fs.readFile(filePath) };
      } catch {
        return undefined;
      }
    },

    describe(uri) {
      try {
        return fileURLToPath(uri);
      } catch {
        return uri;
      }
    },
  };
}

/** Where the rule documentation ships: `docs/rules/` beside the bundles (`dist/`). */
export function nodeRuleDocsBase(): string {
  return pathToFileURL(path.join(__dirname, '..', 'docs', 'rules')).toString();
}
