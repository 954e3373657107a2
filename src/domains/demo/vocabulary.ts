// Word lists the generator draws from. Domains end in .example so demo data can never email a real person.

/** A comma-separated word list, written packed so the lists stay readable. */
function list(text: string): readonly string[] {
  return text
    .split(',')
    .map((word) => word.trim())
    .filter(Boolean);
}

export const FIRST_NAMES = list(`
  Emma, Liam, Olivia, Noah, Ava, Lucas, Sophia, Mateo, Mia, Leo, Amelia, Elias, Isabella, Hugo,
  Charlotte, Arthur, Chloe, Louis, Léa, Jonas, Hannah, Felix, Clara, Oscar, Maja, Finn, Ingrid,
  Lars, Sofia, Marco, Giulia, Luca, Elena, Pablo, Lucía, Diego, Carmen, Tomás, Inês, João, Ana,
  Piotr, Zofia, Jakub, Aoife, Seán, Niamh, Priya, Arjun, Ananya, Rohan, Mei, Wei, Yuki, Haruto,
  Sakura, Min-jun, Ji-woo, Amara, Kwame, Zainab, Tunde, Fatima, Omar, Layla, Yusuf, Grace, Daniel,
  Sarah, James, Emily, Michael, Jessica, David, Laura, Thomas, Anna, Peter, Julia, Samuel
`);

export const LAST_NAMES = list(`
  Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Hoffmann, Dubois, Martin,
  Bernard, Moreau, Laurent, Rossi, Russo, Ferrari, Esposito, Bianchi, García, Fernández, López,
  Martínez, Sánchez, Silva, Santos, Costa, Nowak, Kowalski, Wiśniewski, Jansen, de Vries, van Dijk,
  Bakker, Visser, Andersen, Nielsen, Hansen, Johansson, Lindqvist, Virtanen, Korhonen, O'Brien,
  Murphy, Kelly, Walsh, Smith, Jones, Taylor, Brown, Wilson, Evans, Thomas, Roberts, Patel, Sharma,
  Gupta, Iyer, Chen, Wang, Li, Zhang, Tanaka, Suzuki, Sato, Kim, Park, Lee, Okafor, Mensah,
  Adeyemi, Haddad, Khalil, Cohen, Levi, Novak, Horvat, Popescu, Ionescu, Papadopoulos, Yilmaz,
  Kaya
`);

const COMPANY_STEMS = list(`
  Northwind, Bluefin, Alder, Brightpath, Cobalt, Driftwood, Evergreen, Fieldstone, Granite, Harbor,
  Ironbark, Juniper, Keystone, Lumen, Meridian, Nimbus, Oakridge, Pinecrest, Quarry, Redwood,
  Silverline, Tidewater, Umber, Vantage, Willow, Yarrow, Zephyr, Aurora, Beacon, Cedar, Delta,
  Ember, Falcon, Glacier, Helix, Indigo, Jasper, Kestrel, Lattice, Mosaic, Nova, Orbit, Prism,
  Quill, Ridge, Summit, Tandem, Unity, Vertex, Wavelength
`);

export const INDUSTRIES = {
  Logistics: ['Logistics', 'Freight', 'Shipping'],
  Software: ['Software', 'Labs', 'Systems'],
  Manufacturing: ['Manufacturing', 'Industries', 'Works'],
  Healthcare: ['Health', 'Medical', 'Clinics'],
  'Financial services': ['Capital', 'Partners', 'Finance'],
  Retail: ['Retail', 'Stores', 'Market'],
  Energy: ['Energy', 'Power', 'Renewables'],
  Education: ['Learning', 'Academy', 'Education'],
  Hospitality: ['Hotels', 'Hospitality', 'Travel'],
  Construction: ['Construction', 'Builders', 'Engineering'],
} as const;
export type Industry = keyof typeof INDUSTRIES;
export const INDUSTRY_NAMES = Object.keys(INDUSTRIES) as Industry[];

/** A company name not used yet in this workspace, its industry and its .example domain. */
export function companyName(pick: <T>(xs: readonly T[]) => T, used: Set<string>) {
  const industry = pick(INDUSTRY_NAMES);
  const base = `${pick(COMPANY_STEMS)} ${pick(INDUSTRIES[industry])}`;
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base} ${n}`;
  used.add(name);
  const domain = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example`;
  return { name, domain, industry };
}

export const TITLES = list(`
  CEO, CTO, CFO, COO, Founder, Head of Sales, VP Sales, Sales Director, Account Executive,
  Head of Operations, Operations Manager, Procurement Lead, Head of Marketing, Marketing Manager,
  Product Manager, Head of Product, Engineering Manager, IT Director, Finance Director,
  Partnerships Manager, Customer Success Lead, Office Manager, Managing Director, Consultant
`);

export const TAGS = list(`
  conference-2024, referral, partner, investor, press, alumni, advisor, champion, decision-maker,
  budget-holder, newsletter, webinar, enterprise, smb, emea, apac, us
`);

export const SOURCES = list(`
  referral, conference, website, linkedin, cold outreach, webinar, import
`);

const KIDS = ['Emma and Leo', 'Mia', 'Noah', 'Sofia and Lucas', 'Ava, Finn and Clara', 'Oscar', 'Hannah'];
const CITIES = ['Berlin', 'Lisbon', 'Chicago', 'Tokyo', 'Valencia', 'Copenhagen', 'Dublin', 'Kraków'];
const MONTHS = ['March', 'April', 'May', 'June', 'September', 'October'];
const HOBBIES = ['cycling', 'sailing', 'jazz', 'chess', 'bouldering', 'sourdough', 'birdwatching', 'padel'];

/** Personal details; the flag says whether a date to bring it back up makes sense. */
export const FACTS: readonly { text: (pick: <T>(xs: readonly T[]) => T) => string; dated: boolean }[] = [
  { text: (p) => `Two kids, ${p(KIDS)}`, dated: false },
  { text: (p) => `Training for the ${p(CITIES)} marathon in ${p(MONTHS)}`, dated: true },
  { text: (p) => `Loves ${p(HOBBIES)}`, dated: false },
  { text: (p) => `Holiday in ${p(CITIES)} in ${p(MONTHS)}; ask how it went`, dated: true },
  { text: () => 'Daughter was sick last month; ask how she is doing', dated: true },
  { text: () => 'Moving house this spring', dated: true },
  { text: (p) => `Studied in ${p(CITIES)}`, dated: false },
  { text: () => 'Prefers calls before 10:00', dated: false },
  { text: () => 'Just back from parental leave', dated: false },
  { text: () => 'Speaking at an industry conference soon; offer to share the slides', dated: true },
  { text: () => 'Coffee: flat white, no sugar', dated: false },
  { text: () => 'Dog called Pepper', dated: false },
  { text: () => 'Board meeting at the end of the quarter; budget decisions follow', dated: true },
];

const TOPICS = list(`
  the Q3 renewal, pricing for the EU team, the pilot rollout, onboarding feedback,
  the new reporting module, a referral to their CFO, the integration with their ERP,
  contract terms, next year’s budget, the security review, their expansion to Spain, a case study,
  the training plan, support tickets
`);

export const SUMMARIES: Record<string, readonly string[]> = {
  call: ['Call about {t}', 'Quick check-in call; talked about {t}', 'Phone catch-up on {t}'],
  meeting: [
    'Meeting on {t}',
    'Lunch; discussed {t}',
    'Workshop at their office about {t}',
    'Video call on {t}',
  ],
  email: ['Email about {t}', 'Sent a follow-up on {t}', 'Replied about {t}', 'Shared an article on {t}'],
  message: ['LinkedIn message about {t}', 'Texted about {t}', 'Quick message re {t}'],
  letter: ['Sent a thank-you card', 'Posted the signed contract', 'Sent a holiday card'],
  note: [
    'Note: interested in {t}',
    'Note: budget freeze until next quarter',
    'Note: new decision-maker on {t}',
  ],
};

/** A summary for an interaction kind, with a topic filled in. */
export function summaryFor(kind: string, pick: <T>(xs: readonly T[]) => T): string {
  return pick(SUMMARIES[kind] ?? SUMMARIES.note!).replace('{t}', pick(TOPICS));
}

export const NEXT_STEPS = list(`
  Call to follow up on the proposal, Send the case study, Book a demo for their team,
  Check in after their board meeting, Send pricing for the EU team, Introduce them to our CTO,
  Ask for a referral, Share the onboarding plan, Confirm the renewal date, Invite to the webinar,
  Send a thank-you note, Schedule the quarterly review
`);
