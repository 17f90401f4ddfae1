// "That's not working", "hello this is not right", "it's broken again": something is wrong, but what is not said. No
// product area, no error, nothing about production or other people: an engineer sent it as an outage would have to
// ask what it is about, so the customer is asked (the details question). Every word of such a message is a greeting,
// a pointer ("this", "it"), a word for wrong or broken, or glue; one word more ("the dashboard", "my export",
// "Zapier") names the thing, and the message is read as what it is. English only: other languages' readings are
// left as they are.
const subjectless = new Set(
  (
    'hi hello hey hiya there team folks guys support good morning afternoon evening ' +
    'it its it\'s this that that\'s these those thing things something stuff everything anything this\'s ' +
    'is isn\'t are aren\'t was wasn\'t were weren\'t be been being am do does doesn\'t don\'t did didn\'t has have hasn\'t haven\'t ' +
    'not no never still again anymore any more at all just really seems seem seemed looks look looked to me ' +
    'work works working worked right wrong broken off weird odd strange fine ok okay correct ' +
    'why what whats what\'s happening happened going on here now please help urgent so very quite totally ' +
    'a an the and or but um uh hmm oh yes yeah well'
  ).split(' '),
);

/** The customer says something is wrong and names nothing it is wrong with. */
export function namesNoSubject(message: string): boolean {
  const words = message.toLowerCase().replace(/[’]/g, "'").match(/[\p{L}']+/gu) ?? [];
  return words.length > 0 && words.every((w) => subjectless.has(w));
}
