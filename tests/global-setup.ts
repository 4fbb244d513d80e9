import { before } from "./temp-dirs";
export default before;
