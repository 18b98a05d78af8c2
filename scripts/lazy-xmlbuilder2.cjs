// Stand-in for `xmlbuilder2` inside the bundled CycloneDX library. The library probes for its optional XML
// writer when its Serialize module loads, which costs ~60 ms of start-up on every command; this shim
// passes the probe and loads the real xmlbuilder2 only when an XML document is actually written.
exports.create = (...args) => require('xmlbuilder2').create(...args);
