import { after } from "./temp-dirs";
export default after;
