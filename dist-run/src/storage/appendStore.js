export {};
//# sourceMappingURL=appendStore.js.map