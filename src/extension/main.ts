/** The desktop extension: the language server runs as a Node process (`dist/server.js` over stdio). */
import type * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { activateOn, deactivate } from './activate.js';
import { postmortemFilesOf } from './postmortem-disk.js';

export function activate(context: vscode.ExtensionContext): Promise<void> {
  return activateOn(
    {
      createClient(context, options) {
        const module = context.asAbsolutePath('dist/server.js');
        const serverOptions: ServerOptions = {
          run: { module, transport: TransportKind.stdio },
          debug: {
            module,
            transport: TransportKind.stdio,
            options: { execArgv: ['--nolazy', '--inspect=6009'] },
          },
        };
        return new LanguageClient('teamSre', 'Team SRE', serverOptions, options);
      },
      schemes: ['file'],
      postmortemFiles: postmortemFilesOf,
    },
    context,
  );
}

export { deactivate };
