import { encodeAnswers, decodeAnswers } from '/work/main/src/db/answer-codec.ts';
console.log(encodeAnswers([4,5,null,3]), encodeAnswers([4,5.5,null]), encodeAnswers([7]), encodeAnswers([10, 1]), JSON.stringify(decodeAnswers('45.3')), JSON.stringify(decodeAnswers('4,5.5,')));
