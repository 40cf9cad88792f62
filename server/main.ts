/**
 * `npm start`: the server with the editor. The HTTP server, queue and editor are being built
 * (see README "Status"); until they land this says so instead of pretending to start.
 */
process.stdout.write(
  'StableNew Flow: the server and editor are not built yet.\n' +
    'What works today: `npm run -s flow -- compile graphs/portrait.json`, `npm run -s flow -- expand "{a|b}"`,\n' +
    'and the simulated WebUI: `npm run sim -- --port 7860`.\n',
)
