/** The user's function, as detection found it. */
export interface FunctionTarget {
  /** The user's module path (go.mod `module`): generated imports hang off it. */
  modulePath: string;
  /** Import path of the package that holds the function. */
  importPath: string;
  /** The exported function or variable name. */
  name: string;
  /** file:line, for the generated comment and the startup log. */
  position: string;
}
