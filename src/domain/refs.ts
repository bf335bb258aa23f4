/** References people see: short and per workspace (a `D-12` means nothing outside its workspace). */
export const delegationRef = (ref: number): string => `D-${ref}`;
export const commitmentRef = (ref: number): string => `C-${ref}`;
