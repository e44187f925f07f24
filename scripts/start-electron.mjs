// `npm start`: prepares and launches the Electron shell. Each missing prerequisite ends with ONE line that
// says what to do next, never a stack trace: on machines without network the browser shell is the way in.
//   npm start -- --archive my-case.casebook      (any other argument is passed to Electron as it is)
import { spawn } from 'node:child_process'
import { isAbsolute, resolve } from 'node:path'
import {
  buildElectronBundles,
  ensureElectronBinary,
  ensureElectronNativeBuild,
  NATIVE_BINDING_ENV,
  PROJECT_ROOT,
} from './electron-runtime.mjs'

const BROWSER_HINT = 'Run "npm run serve" to use Casebook in your browser instead.'

function fail(line) {
  console.error(`Casebook: ${line}`)
  process.exit(1)
}

/** npm runs scripts from the project folder; a relative --archive means the folder the user typed it in. */
function forwardedArgs(args, userCwd) {
  const absolute = (file) => (isAbsolute(file) ? file : resolve(userCwd, file))
  return args.map((arg, i) => {
    if (arg.startsWith('--archive=')) return `--archive=${absolute(arg.slice('--archive='.length))}`
    if (args[i - 1] === '--archive' && !arg.startsWith('--')) return absolute(arg)
    return arg
  })
}

const electron = ensureElectronBinary()
if (!electron) fail(`the Electron runtime could not be downloaded (no network?). ${BROWSER_HINT}`)

const native = ensureElectronNativeBuild()
if (!native.ok)
  fail(
    `the SQLite driver (better-sqlite3-multiple-ciphers) could not be built for Electron (${native.reason}). ${BROWSER_HINT}`,
  )

const build = buildElectronBundles()
if (build.status !== 0) fail('the app could not be built (electron-vite build failed, see above).')

const env = { ...process.env, [NATIVE_BINDING_ENV]: native.bindingPath }
// Set by some tools, it would make the Electron binary behave as plain Node and ignore the app.
delete env.ELECTRON_RUN_AS_NODE
const args = forwardedArgs(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd())
const child = spawn(electron, [PROJECT_ROOT, ...args], { cwd: PROJECT_ROOT, stdio: 'inherit', env })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)))
