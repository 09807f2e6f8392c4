// hexo-feedmill: registers `hexo feedmill [run|status|validate]`. Hexo runs this file as a script with `hexo`
// in scope; the command lives in a real module (lib/), where `import()` of the ESM feedmill package works.
/* global hexo */
'use strict';

require('./lib/command').register(hexo);
