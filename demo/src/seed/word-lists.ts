// The vocabulary of the sample data: two fictional companies, their customers and products.

/** The demo's tenants: two companies sharing one database, kept apart by `tenant_id`. */
export const DEMO_TENANTS = [
  { id: 'acme', name: 'Acme Outdoor', share: 0.58, customers: 900 },
  { id: 'globex', name: 'Globex Office', share: 0.42, customers: 650 },
] as const

/** A demo tenant id. */
export type DemoTenantId = (typeof DEMO_TENANTS)[number]['id']

/** Sales regions (shared by both tenants) with the countries and cities customers sit in. */
export const DEMO_REGIONS = [
  {
    name: 'North America',
    places: [
      ['United States', 'Denver'],
      ['United States', 'Seattle'],
      ['United States', 'Austin'],
      ['United States', 'Boston'],
      ['Canada', 'Toronto'],
      ['Canada', 'Vancouver'],
      ['Mexico', 'Monterrey'],
    ],
    weight: 34,
  },
  {
    name: 'Europe',
    places: [
      ['Germany', 'Munich'],
      ['Germany', 'Hamburg'],
      ['France', 'Lyon'],
      ['United Kingdom', 'Manchester'],
      ['Sweden', 'Gothenburg'],
      ['Netherlands', 'Utrecht'],
      ['Spain', 'Valencia'],
      ['Italy', 'Turin'],
    ],
    weight: 30,
  },
  {
    name: 'Asia Pacific',
    places: [
      ['Japan', 'Osaka'],
      ['Australia', 'Melbourne'],
      ['Singapore', 'Singapore'],
      ['South Korea', 'Busan'],
      ['New Zealand', 'Wellington'],
    ],
    weight: 18,
  },
  {
    name: 'Latin America',
    places: [
      ['Brazil', 'Curitiba'],
      ['Chile', 'Santiago'],
      ['Argentina', 'Córdoba'],
      ['Colombia', 'Medellín'],
    ],
    weight: 10,
  },
  {
    name: 'Middle East & Africa',
    places: [
      ['United Arab Emirates', 'Dubai'],
      ['South Africa', 'Cape Town'],
      ['Kenya', 'Nairobi'],
      ['Morocco', 'Casablanca'],
    ],
    weight: 8,
  },
] as const

/** Customer segments and how common each is. */
export const SEGMENTS = [
  { name: 'Enterprise', weight: 1, quantity: [5, 60], discounts: [0.05, 0.1, 0.15] },
  { name: 'Mid-Market', weight: 3, quantity: [2, 20], discounts: [0, 0.05, 0.1] },
  { name: 'Small Business', weight: 6, quantity: [1, 6], discounts: [0, 0, 0.05] },
] as const

/** Sales channels and how common each is. */
export const CHANNELS = [
  { name: 'Online', weight: 45 },
  { name: 'Retail', weight: 25 },
  { name: 'Partner', weight: 18 },
  { name: 'Direct sales', weight: 12 },
] as const

// prettier-ignore
export const COMPANY_WORDS = [
  'Alder', 'Alpine', 'Anchor', 'Aspen', 'Atlas', 'Beacon', 'Birch', 'Blue Ridge', 'Boulder',
  'Bright', 'Canyon', 'Cascade', 'Cedar', 'Coastal', 'Compass', 'Copper', 'Crest', 'Delta',
  'Evergreen', 'Falcon', 'Fjord', 'Foxglove', 'Glacier', 'Granite', 'Harbor', 'Highland',
  'Horizon', 'Iron', 'Juniper', 'Keystone', 'Lakeside', 'Lantern', 'Maple', 'Meridian',
  'Northwind', 'Oak', 'Orchard', 'Pacific', 'Pine', 'Pioneer', 'Prairie', 'Quarry', 'Redwood',
  'Ridgeline', 'River', 'Sierra', 'Silver', 'Spruce', 'Stone', 'Summit', 'Sunrise', 'Tidal',
  'Timber', 'Trail', 'Union', 'Valley', 'Vertex', 'Willow', 'Windward', 'Zenith',
] as const

// prettier-ignore
export const COMPANY_KINDS: Readonly<Record<DemoTenantId, readonly string[]>> = {
  acme: [
    'Outfitters', 'Adventures', 'Expeditions', 'Sports', 'Camping Co.', 'Guides', 'Mountain Shop',
    'Outdoor Store', 'Ski School', 'Bike Works', 'Trekking', 'Scouts Association', 'Lodge',
    'Climbing Gym', 'Rentals',
  ],
  globex: [
    'Analytics', 'Architects', 'Consulting', 'Dental Care', 'Design Studio', 'Engineering',
    'Insurance', 'Law Partners', 'Logistics', 'Media', 'Property', 'Realty', 'Software',
    'Accounting', 'Clinic',
  ],
}

/** Legal-form suffixes by country. */
export const LEGAL_SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  Germany: ['GmbH', 'AG'],
  France: ['SAS', 'SARL'],
  Sweden: ['AB'],
  Netherlands: ['B.V.'],
  Spain: ['S.L.'],
  Italy: ['S.r.l.'],
  'United Kingdom': ['Ltd'],
  Japan: ['K.K.'],
  Brazil: ['Ltda.'],
  Chile: ['SpA'],
}
export const DEFAULT_SUFFIXES = ['Inc.', 'LLC', 'Ltd', 'Co.'] as const

/** Product lines: category → [name, list price in cents, cost share of the price]. */
export type ProductLine = readonly (readonly [string, number, number])[]

// prettier-ignore
export const PRODUCT_LINES: Readonly<Record<DemoTenantId, Readonly<Record<string, ProductLine>>>> = {
  acme: {
    Tents: [
      ['Summit 2P Tent', 34_900, 0.52], ['Basecamp 4P Tent', 52_900, 0.55],
      ['Ultralight Bivy', 21_900, 0.48], ['Family Cabin Tent', 68_900, 0.58],
      ['Storm Shelter Tarp', 8_900, 0.4],
    ],
    Backpacks: [
      ['Trailhead 45L Pack', 18_900, 0.46], ['Ridge 65L Pack', 27_900, 0.5],
      ['Day Hiker 22L', 8_900, 0.42], ['Alpine Climbing Pack', 22_900, 0.5],
      ['Kids Trail Pack', 4_900, 0.38],
    ],
    Footwear: [
      ['Granite Hiking Boot', 19_900, 0.45], ['Trail Runner GTX', 15_900, 0.44],
      ['Approach Shoe', 14_900, 0.46], ['Winter Snow Boot', 22_900, 0.5],
      ['Camp Sandal', 5_900, 0.35],
    ],
    Apparel: [
      ['Down Jacket', 24_900, 0.42], ['Rain Shell', 17_900, 0.4], ['Fleece Pullover', 7_900, 0.36],
      ['Merino Base Layer', 8_900, 0.41], ['Softshell Pants', 11_900, 0.43],
      ['Sun Hoodie', 5_900, 0.34],
    ],
    'Climbing Gear': [
      ['Dynamic Rope 60 m', 21_900, 0.55], ['Harness Pro', 8_900, 0.5],
      ['Carabiner Set (6)', 5_400, 0.45], ['Climbing Helmet', 7_900, 0.48],
      ['Belay Device', 3_900, 0.42],
    ],
    'Camp Kitchen': [
      ['Backpacking Stove', 6_900, 0.47], ['Titanium Cook Set', 8_900, 0.5],
      ['Water Filter', 4_900, 0.44], ['Insulated Bottle 1 L', 3_400, 0.32],
      ['Camp Coffee Press', 2_900, 0.35],
    ],
    'Sleeping Bags': [
      ['Three-Season Bag', 19_900, 0.5], ['Expedition Bag -20 °C', 44_900, 0.56],
      ['Insulated Sleeping Pad', 12_900, 0.48], ['Travel Pillow', 3_400, 0.3],
    ],
  },
  globex: {
    Furniture: [
      ['Ergo Task Chair', 39_900, 0.55], ['Sit-Stand Desk', 69_900, 0.6],
      ['Meeting Table 8-Seat', 129_900, 0.62], ['Filing Cabinet', 24_900, 0.5],
      ['Acoustic Booth', 249_900, 0.64],
    ],
    Computers: [
      ['Laptop 14" Pro', 149_900, 0.78], ['Desktop Workstation', 189_900, 0.8],
      ['Mini PC', 64_900, 0.74], ['Tablet 11"', 59_900, 0.75],
    ],
    Peripherals: [
      ['27" 4K Monitor', 44_900, 0.7], ['Docking Station', 24_900, 0.62],
      ['Wireless Keyboard', 8_900, 0.45], ['Ergonomic Mouse', 6_900, 0.42],
      ['Conference Webcam', 29_900, 0.6], ['Noise-Cancelling Headset', 17_900, 0.55],
    ],
    Software: [
      ['Office Suite (annual)', 12_900, 0.2], ['Security Suite (annual)', 8_900, 0.18],
      ['Design Pro License', 59_900, 0.25], ['Backup Cloud 1 TB', 9_900, 0.3],
      ['Project Planner Seat', 14_900, 0.22],
    ],
    Supplies: [
      ['Copy Paper (5 reams)', 2_900, 0.6], ['Toner Cartridge', 8_900, 0.55],
      ['Notebook Pack (10)', 1_900, 0.4], ['Pen Set (50)', 1_400, 0.35],
      ['Label Printer Tape', 2_400, 0.45],
    ],
    Services: [
      ['On-Site Setup', 29_900, 0.45], ['IT Support (month)', 49_900, 0.5],
      ['Data Migration', 89_900, 0.48], ['Ergonomics Workshop', 39_900, 0.4],
    ],
  },
}
