export {};
//# sourceMappingURL=recordFormat.js.map