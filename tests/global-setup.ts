import { before } from "./temp-dirs";
// Jest passes its configuration; the check needs none of it.
export default () => before();
