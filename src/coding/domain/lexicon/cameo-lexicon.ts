/**
 * The phrase dictionary that suggests CAMEO event codes: for each code, phrases whose
 * presence in a quote (or in the sentence reporting it) points to that code. Data, not
 * logic: `classify.ts` reads it; `README.md` next to this file says how it was built and
 * how to extend it. Every code here is checked against the codebook's list
 * (`CAMEO_EVENT_CODES` of the records domain) by `classify.unit.spec.ts`, so the
 * suggester never proposes a code parley would refuse.
 *
 * Phrase syntax (matched case-insensitively, on word boundaries):
 *   - words separated by spaces must follow each other;
 *   - a word ending in `*` matches any ending (`sanction*` → sanction, sanctions, sanctioned);
 *   - `_` stands for a gap of up to three words (`impose _ tariff*` → "impose a 50% tariff").
 * `weight` is how strongly a phrase points to its code (default 1): a generic verb such as
 * "said" weighs little, a specific phrase such as "declined to comment" weighs much.
 */
export interface CameoPhrases {
  readonly code: string;
  readonly phrases: readonly string[];
  readonly weight?: number;
}

// One line per entry, so the dictionary reads as a table.
// prettier-ignore
export const CAMEO_PHRASES: readonly CameoPhrases[] = [
  // 01 make public statement
  { code: '010', weight: 0.3, phrases: ['said', 'says', 'stated', 'told', 'announced', 'added', 'noted', 'remarked', 'statement'] },
  { code: '011', weight: 2.5, phrases: ['declined to comment', 'no comment', 'would not comment', 'refused to comment', 'declined to say', 'not going to comment'] },
  { code: '012', phrases: ['concern*', 'worr*', 'pessimis*', 'alarm*', 'gloomy', 'bleak', 'no progress', 'stalled', 'deteriorat*', 'dead end', 'difficult situation', 'doubt*', 'skeptic*', 'sceptic*', 'disappoint*', 'dangerous', 'far from'] },
  { code: '013', phrases: ['optimis*', 'hopeful', 'hope*', 'good relationship', 'very good', 'progress', 'positive', 'constructive', 'productive', 'encourag*', 'confident', 'breakthrough', 'good chance', 'believe* _ desire', 'on track', 'fruitful'] },
  { code: '014', phrases: ['consider*', 'weigh*', 'studying', 'study the', 'reviewing', 'examining', 'looking into', 'options'] },
  { code: '015', weight: 2, phrases: ['claimed responsibility', 'take* responsibility', 'took responsibility', 'acknowledg*', 'admit*', 'conceded'] },
  { code: '016', weight: 2, phrases: ['den*', 'not true', 'untrue', 'baseless', 'groundless', 'unfounded', 'fake news', 'fabricat*', 'no truth', 'false', 'a lie', 'lies', 'never', 'paraphrased', 'misquoted', 'taken out of context', 'no evidence', 'no basis', 'dismissed _ report*', 'dismissed _ claim*', 'rejected _ claim*', 'rejected _ allegation*', 'rejected _ accusation*', 'rejected _ report*', 'absurd', 'emotional overload'] },
  { code: '017', weight: 2, phrases: ['laid a wreath', 'minute of silence', 'moment of silence', 'lit candles', 'symbolic'] },
  { code: '018', weight: 2, phrases: ['condolence*', 'sympath*', 'mourn*', 'grief', 'thoughts are with', 'solidarity with the victims', 'saddened'] },
  { code: '019', weight: 1.5, phrases: ['agree* with', 'share* the view', 'sided with', 'in agreement', 'we agree', 'fully agree', 'concur*', 'same position', 'supports the position', 'echoed'] },
  // 02 appeal
  { code: '020', weight: 1.5, phrases: ['urg*', 'call* on', 'called upon', 'appeal*', 'asked', 'implored', 'pleaded', 'we ask', 'ask* _ to', 'encouraged _ to'] },
  { code: '0211', weight: 1.5, phrases: ['call* for _ trade', 'urg* _ trade', 'urg* _ invest*', 'call* for _ economic cooperation'] },
  { code: '022', weight: 1.2, phrases: ['call* for _ support', 'urg* _ support', 'asked _ support', 'appeal* _ support', 'join the coalition', 'back our'] },
  { code: '0232', weight: 2, phrases: ['urg* _ send _ weapons', 'call* for _ weapons', 'urg* _ air defen*', 'need* _ air defen*', 'asked for _ weapons', 'call* for _ military aid', 'urg* _ military aid', 'more weapons', 'more air defen*', 'longer-range missiles'] },
  { code: '0233', weight: 2, phrases: ['call* for _ humanitarian', 'urg* _ humanitarian', 'appeal* _ humanitarian'] },
  { code: '0242', weight: 2, phrases: ['pushing for', 'push* for _ sanctions', 'call* for _ harsher', 'call* for _ tougher', 'urg* _ change _ policy', 'urg* _ impose _ sanctions', 'call* for _ sanctions', 'lobbying for'] },
  { code: '0254', weight: 2, phrases: ['call* for _ lifting _ sanctions', 'urg* _ lift _ sanctions', 'urg* _ ease _ sanctions', 'call* for _ easing _ sanctions', 'asked _ lift _ sanctions'] },
  { code: '0256', weight: 2, phrases: ['urg* _ de-escalat*', 'call* for _ de-escalat*', 'urg* _ restraint', 'call* for _ restraint', 'urg* _ calm'] },
  { code: '026', weight: 2, phrases: ['urg* _ to negotiate', 'urg* _ talks', 'call* for _ talks', 'call* for _ negotiations', 'urg* _ to meet', 'return to the negotiating table', 'come to the table', 'urg* _ dialogue', 'call* for _ dialogue'] },
  { code: '027', weight: 2, phrases: ['urg* _ settle', 'call* for _ peaceful settlement', 'urg* _ peace deal', 'call* for _ peace', 'urg* _ end the war', 'call* for _ end to the war'] },
  { code: '028', weight: 2, phrases: ['urg* _ mediat*', 'call* for _ mediat*', 'asked _ to mediate'] },
  // 03 express intent to cooperate
  { code: '030', weight: 1.5, phrases: ['ready to cooperate', 'willing to cooperate', 'committed to collaborat*', 'committed to cooperat*', 'ready to work with', 'want* to cooperate', 'intend* to cooperate', 'ready to', 'willing to', 'prepared to', 'open to', 'remains committed', 'will continue to engage', 'continues to engage', 'we are ready', 'intend*', 'plan* to', 'will work', 'would help', 'will help', 'help _ build'] },
  { code: '0311', weight: 2, phrases: ['ready to _ trade', 'ready to pump', 'ready to supply', 'ready to sell', 'will supply', 'economic cooperation', 'trade deal', 'investment', 'pump oil', 'energy cooperation'] },
  { code: '0312', weight: 2, phrases: ['ready to _ joint exercises', 'military cooperation', 'defen* cooperation', 'will train _ troops'] },
  { code: '032', weight: 1.5, phrases: ['will support', 'will back', 'stand with', 'stand by', 'diplomatic support', 'political support', 'will continue to support', 'continue to support', 'would support', 'would back'] },
  { code: '0331', weight: 2, phrases: ['will provide _ financial', 'pledg* _ billion', 'pledg* _ million', 'will provide _ loan', 'will give _ economic aid', 'pledg* _ economic'] },
  { code: '0332', weight: 2, phrases: ['will send _ weapons', 'will provide _ weapons', 'will deliver _ air defen*', 'pledg* _ military aid', 'will send _ missiles', 'will supply _ weapons', 'will provide _ military aid', 'will send _ tanks', 'new military aid package'] },
  { code: '0333', weight: 2, phrases: ['will send _ humanitarian', 'will provide _ humanitarian', 'pledg* _ humanitarian'] },
  { code: '0334', weight: 2, phrases: ['security assurance*', 'security guarantee*', 'peacekeep*', 'reassurance force', 'protect* ukraine', 'will deploy _ to protect'] },
  { code: '0354', weight: 2, phrases: ['could ease _ sanctions', 'ready to lift _ sanctions', 'will lift _ sanctions', 'prepared to ease _ sanctions', 'would lift _ sanctions', 'consider* lifting _ sanctions'] },
  { code: '0356', weight: 2, phrases: ['ready to _ ceasefire', 'willing to _ ceasefire', 'will pull back', 'ready to withdraw', 'prepared to _ truce', 'ready for a ceasefire'] },
  { code: '036', weight: 2, phrases: ['make a deal', 'make* a deal', 'ready to meet', 'willing to meet', 'plan* to meet', 'will meet', 'to meet with', 'ready to talk', 'willing to talk', 'ready to negotiate', 'willing to negotiate', 'open to talks', 'open to negotiations', 'summit', 'conversation between', 'direct conversation', 'hold talks', 'a meeting', 'could be arranged', 'will speak with', 'plan* to speak'] },
  { code: '037', weight: 2, phrases: ['ready to settle', 'end the war', 'end the conflict', 'peace agreement', 'peaceful resolution', 'settle the dispute', 'desire to end'] },
  { code: '039', weight: 2, phrases: ['offer* to mediate', 'ready to mediate', 'willing to mediate', 'offered _ good offices', 'act as _ mediator', 'impartial mediator'] },
  // 04 consult
  { code: '040', weight: 1.2, phrases: ['consult*', 'discussed', 'exchanged views', 'met', 'met with', 'talks with'] },
  { code: '041', weight: 2.5, phrases: ['phone call*', 'by phone', 'by telephone', 'telephone conversation', 'phone conversation', 'spoke with', 'spoke to', 'called _ president'] },
  { code: '042', weight: 2, phrases: ['visit*', 'travel* to', 'arrived in', 'trip to'] },
  { code: '043', weight: 2, phrases: ['hosted', 'host*', 'welcomed _ to', 'received _ delegation'] },
  { code: '044', weight: 2, phrases: ['met in', 'meeting in', 'met on the sidelines', 'talks in'] },
  { code: '046', weight: 2, phrases: ['negotiat*', 'held talks', 'round of talks', 'talks were', 'at the table'] },
  // 05 engage in diplomatic cooperation
  { code: '051', weight: 1.8, phrases: ['prais*', 'commend*', 'hail*', 'applaud*', 'smart', 'strong leader', 'strong', 'friend', 'great', 'brilliant', 'admir*', 'respect*', 'genius', 'talented', 'wonderful', 'excellent', 'endors*', 'emulate', 'model for', 'thank*', 'grateful', 'courage*', 'heroic', 'a good man', 'brave', 'bravery', 'wise'] },
  { code: '052', weight: 2, phrases: ['defend*', 'stood up for', 'came to the defen*', 'justified'] },
  { code: '053', weight: 1.5, phrases: ['rally support', 'rallied support', 'unite behind'] },
  { code: '054', weight: 2.5, phrases: ['recogni* _ independence', 'recogni* _ sovereignty', 'diplomatic recognition', 'recognise* _ state', 'recognize* _ state'] },
  { code: '055', weight: 2.5, phrases: ['apologi*', 'we are sorry', 'regret*'] },
  { code: '056', weight: 2.5, phrases: ['forgive*', 'forgave', 'pardon*'] },
  { code: '057', weight: 2.5, phrases: ['signed _ agreement', 'signed _ treaty', 'signed _ accord', 'signed _ memorandum', 'signed _ deal', 'sign the agreement', 'inked'] },
  // 06 engage in material cooperation
  { code: '061', weight: 2, phrases: ['trade _ grew', 'resumed _ exports', 'resumed _ deliveries', 'opened _ pipeline', 'joint venture', 'supplies _ resumed'] },
  { code: '062', weight: 2, phrases: ['joint _ exercise*', 'joint drills', 'joint patrol*', 'trained _ troops', 'military cooperation _ agreed'] },
  { code: '063', weight: 2, phrases: ['extradit*', 'handed over _ suspect*', 'judicial cooperation'] },
  { code: '064', weight: 2, phrases: ['shar* intelligence', 'shared _ information', 'intelligence sharing', 'provided _ intelligence'] },
  // 07 provide aid
  { code: '070', weight: 1.2, phrases: ['provided aid', 'delivered aid', 'assistance'] },
  { code: '071', weight: 2, phrases: ['loan', 'financial aid', 'budget support', 'disbursed', 'economic aid', 'grant of', 'had been paid', 'paid to', 'tranche'] },
  { code: '072', weight: 2, phrases: ['delivered _ weapons', 'delivered _ missiles', 'delivered _ air defen*', 'sent _ tanks', 'shipped _ ammunition', 'military aid', 'arms deliver*', 'provided _ weapons', 'have sent _ systems', 'handed over _ systems', 'sent _ ammunition', 'sent _ missiles', 'shipment of _ ammunition'] },
  { code: '073', weight: 2, phrases: ['humanitarian aid', 'humanitarian convoy', 'food aid', 'medical supplies', 'relief supplies', 'delivered _ food'] },
  { code: '074', weight: 2, phrases: ['deployed peacekeepers', 'peacekeepers _ deployed', 'provide protection'] },
  { code: '075', weight: 2.5, phrases: ['asylum'] },
  // 08 yield
  { code: '080', weight: 1.2, phrases: ['concession*', 'gave in', 'backed down', 'yield*'] },
  { code: '0841', weight: 2.5, phrases: ['released _ prisoners', 'prisoner swap', 'prisoner exchange', 'freed _ prisoners', 'released _ detained', 'released the', 'freed the', 'exchange of prisoners', 'returned _ children', 'prisoners of war', 'returned home', 'swap'] },
  { code: '085', weight: 2.5, phrases: ['lifted _ sanctions', 'eased _ sanctions', 'lift* the sanctions', 'sanctions relief', 'suspended _ tariffs', 'removed _ tariffs', 'lifted _ embargo', 'waived'] },
  { code: '086', weight: 2, phrases: ['allow* _ inspectors', 'allow* _ observers', 'allow* _ humanitarian'] },
  { code: '0871', weight: 2.5, phrases: ['declared _ ceasefire', 'declare* _ truce', 'announced _ ceasefire', 'ceasefire _ into effect', 'unilateral ceasefire', 'halt* _ strikes', 'observe _ truce'] },
  { code: '087', weight: 2, phrases: ['withdrew _ troops', 'withdrawing _ troops', 'pulled back', 'pull back _ troops', 'de-escalat*'] },
  // 09 investigate
  { code: '090', weight: 2, phrases: ['investigat*', 'inquiry', 'probe'] },
  { code: '091', weight: 2, phrases: ['investigat* _ corruption', 'investigat* _ fraud', 'corruption probe'] },
  { code: '094', weight: 2, phrases: ['investigat* _ war crimes', 'war crimes investigation', 'gather* evidence _ war crimes'] },
  // 10 demand
  { code: '100', weight: 2, phrases: ['demand*', 'insist*', 'must', 'have to', 'has to', 'ultimately require'] },
  { code: '101', weight: 2, phrases: ['demand* _ explanation', 'demand* _ investigation', 'demand* _ answers', 'demand* _ information'] },
  { code: '1041', weight: 2.5, phrases: ['must resign', 'should resign', 'step down', 'demand* _ resignation'] },
  { code: '1042', weight: 2, phrases: ['must change _ policy', 'must stop', 'must end', 'must abandon', 'demand* _ stop', 'must reverse'] },
  { code: '1053', weight: 2.5, phrases: ['demand* _ release', 'must release', 'must free'] },
  { code: '1054', weight: 2.5, phrases: ['demand* _ lift* _ sanctions', 'sanctions must be lifted', 'must lift _ sanctions'] },
  { code: '106', weight: 2.5, phrases: ['demand* _ withdraw*', 'must withdraw', 'must leave', 'must pull out', 'must pull back', 'withdraw _ forces from'] },
  { code: '107', weight: 2.5, phrases: ['demand* _ ceasefire', 'must _ cease fire', 'must stop the fighting', 'immediate ceasefire'] },
  { code: '108', weight: 2.5, phrases: ['demand* _ talks', 'demand* _ meeting', 'demand* _ negotiations', 'must come to the table'] },
  // 11 disapprove
  { code: '110', weight: 1.2, phrases: ['disapprov*', 'unhappy', 'displeas*', 'dissatisf*', 'angry', 'not happy', 'frustrat*', 'disappointed'] },
  { code: '111', weight: 1.8, phrases: ['criticiz*', 'criticis*', 'critic*', 'condemn*', 'denounc*', 'slam*', 'blast*', 'lambast*', 'mock*', 'crazy', 'disgrace*', 'shameful', 'irresponsible', 'reckless', 'unacceptable', 'outrageous', 'nonsense', 'absurd', 'ridiculous', 'weak*', 'failure', 'failed', 'incompetent', 'provocat*', 'hypocri*', 'destabiliz*', 'destabilis*', 'distraction', 'politically motivated', 'undermin*', 'blame*', 'hysteria', 'rhetoric', 'challenge _ alliances', 'obsolete', 'illegitimate', 'cynical', 'deplorable', 'appalling', 'disgusting', 'dictator', 'terrible'] },
  { code: '112', weight: 2, phrases: ['accus*', 'alleg*', 'blame* _ for', 'responsible for', 'guilty of'] },
  { code: '1121', weight: 2.5, phrases: ['accus* _ corruption', 'accus* _ fraud', 'stole', 'steal*', 'theft', 'laundering'] },
  { code: '1122', weight: 2.5, phrases: ['human rights abuse*', 'abus* _ human rights', 'persecut*', 'repression of'] },
  { code: '1123', weight: 2.5, phrases: ['accus* _ aggression', 'aggress*', 'invader*', 'invasion', 'act of war'] },
  { code: '1124', weight: 2.5, phrases: ['war crime*', 'genocide', 'atrocit*', 'crimes against humanity'] },
  { code: '1125', weight: 2.5, phrases: ['spy*', 'spies', 'espionage', 'treason', 'interfer* _ election*', 'election interference', 'meddl*'] },
  { code: '113', weight: 2, phrases: ['rally _ against', 'unite against', 'isolate', 'coalition against'] },
  { code: '114', weight: 2.5, phrases: ['lodged _ protest', 'formal protest', 'official protest', 'summoned _ ambassador', 'summoned _ envoy', 'note of protest', 'formal complaint', 'complain*'] },
  { code: '115', weight: 2.5, phrases: ['lawsuit', 'sued', 'sue ', 'filed _ case', 'took _ to court', 'international court of justice', 'legal action against'] },
  { code: '116', weight: 2.5, phrases: ['found guilty', 'convicted', 'ruled that', 'liable'] },
  // 12 reject
  { code: '120', weight: 1.8, phrases: ['reject*', 'refus*', 'turned down', 'dismiss*', 'will not accept', "won't accept", 'not accept', 'out of the question', 'no way', 'we will not', 'will never', 'saw no point', 'see no point', 'sees no point', 'no point in', 'would not allow', 'will not allow', 'not allow'] },
  { code: '1211', weight: 2.5, phrases: ['not russian gas', 'not russian oil', 'no russian gas', 'refus* _ trade', 'reject* _ trade', 'stop buying', 'will not buy', 'refus* _ gas', 'reject* _ investment'] },
  { code: '1212', weight: 2.5, phrases: ['reject* _ military cooperation', 'refus* _ join _ exercises', 'refus* _ troops'] },
  { code: '122', weight: 2, phrases: ['reject* _ request for _ aid', 'refus* _ aid', 'no more aid', 'not send _ weapons', 'will not send', 'refus* _ send'] },
  { code: '1232', weight: 2, phrases: ['reject* _ demand* _ change', 'will not change _ policy', 'refus* to change'] },
  { code: '1244', weight: 2.5, phrases: ['will not lift _ sanctions', 'sanctions will remain', 'refus* _ lift _ sanctions', 'no sanctions relief', 'keep the sanctions', 'sanctions _ stay'] },
  { code: '1246', weight: 2.5, phrases: ['will not withdraw', 'would not withdraw', 'would never withdraw', 'refus* _ withdraw', 'no ceasefire', 'reject* _ ceasefire', 'will not stop'] },
  { code: '125', weight: 2.5, phrases: ['reject* _ talks', 'refus* _ meet', 'no plans _ meet', 'will not meet', 'reject* _ negotiat*', 'refus* _ negotiat*', 'no talks', 'reject* _ meeting'] },
  { code: '126', weight: 2.5, phrases: ['reject* _ mediat*', 'refus* _ mediat*'] },
  { code: '127', weight: 2.5, phrases: ['reject* _ plan', 'reject* _ proposal', 'reject* _ agreement', 'reject* _ peace', 'non-starter', 'dead on arrival', 'reject* _ deal', 'will not sign'] },
  { code: '128', weight: 2, phrases: ['defy', 'defied', 'defian*', 'in violation of', 'ignor* _ ruling', 'flout*'] },
  { code: '129', weight: 3, phrases: ['veto*'] },
  // 13 threaten
  { code: '130', weight: 2, phrases: ['threat*', 'warn*', 'consequences', 'will respond', 'will retaliate', 'retaliat*', 'pay a _ price', 'will regret', 'red line', 'all options', 'not rule out', 'decisive response', 'response will be', 'or else', 'unacceptable', 'we will answer', 'would be a mistake', 'at their own risk'] },
  { code: '1311', weight: 2.5, phrases: ['cut off aid', 'stop _ aid', 'halt _ aid', 'withhold _ aid', 'suspend _ aid', 'cut _ funding', 'freeze _ assistance', 'cut _ assistance'] },
  { code: '1312', weight: 2.5, phrases: ['sanction*', 'tariff*', 'embargo*', 'boycott*', 'secondary sanctions', 'duties', 'punitive measures', 'levies', 'import ban'] },
  { code: '1313', weight: 2.5, phrases: ['break _ relations', 'sever _ ties', 'cut _ ties', 'downgrade _ relations', 'expel _ diplomats', 'recall _ ambassador', 'close _ embassy'] },
  { code: '134', weight: 2.5, phrases: ['halt _ negotiations', 'walk away from _ talks', 'pull out of _ talks', 'suspend _ talks', 'end _ talks', 'walk away'] },
  { code: '138', weight: 2, phrases: ['force', 'military', 'troops', 'strike*', 'missile*', 'attack*', 'war', 'invade', 'special military operation', 'by military means', 'armed response', 'legitimate targets', 'retaliate militarily'] },
  { code: '1381', weight: 2.5, phrases: ['blockade'] },
  { code: '1382', weight: 2.5, phrases: ['occupy', 'seize _ territory', 'take _ city', 'annex*'] },
  { code: '1384', weight: 2, phrases: ['strike _ targets', 'hit _ targets', 'legitimate target*', 'will strike', 'will attack', 'wipe out', 'destroy'] },
  { code: '1385', weight: 3, phrases: ['nuclear', 'atomic', 'weapons of mass destruction', 'chemical weapons'] },
  // A deadline makes a threat an ultimatum only weakly: "tariffs within 50 days" is 1312.
  { code: '139', weight: 3, phrases: ['ultimatum', 'last chance', 'final warning'] },
  { code: '139', weight: 1.2, phrases: ['deadline', 'days to', 'hours to', 'within _ days', 'within _ hours'] },
  // 14 protest
  { code: '140', weight: 1.5, phrases: ['protest*', 'dissent'] },
  { code: '141', weight: 2.5, phrases: ['demonstrat*', 'rall*', 'march*', 'took to the streets', 'protesters'] },
  { code: '142', weight: 3, phrases: ['hunger strike'] },
  { code: '143', weight: 2, phrases: ['general strike', 'went on strike', 'walkout', 'boycott* the'] },
  { code: '144', weight: 2, phrases: ['blocked _ road*', 'blockad* _ border', 'blocked _ border', 'barricade*'] },
  { code: '145', weight: 2.5, phrases: ['riot*', 'violent protest*', 'clashed with police'] },
  // 15 exhibit force posture
  { code: '150', weight: 2, phrases: ['show of force', 'military drills', 'war games', 'exercises near', 'flexing'] },
  { code: '152', weight: 2.5, phrases: ['combat readiness', 'high alert', 'full alert', 'alert status', 'raised _ alert', 'on alert', 'readiness'] },
  { code: '154', weight: 2.5, phrases: ['mobiliz*', 'mobilis*', 'massed _ troops', 'massing _ troops', 'build-up', 'buildup', 'reinforce*', 'deployed _ troops', 'deploy* _ troops', 'moved _ troops', 'additional troops', 'extra troops', 'bolster* _ forces'] },
  // 16 reduce relations
  { code: '160', weight: 1.5, phrases: ['reduce relations', 'froze _ relations', 'freeze _ relations'] },
  { code: '161', weight: 2.5, phrases: ['expelled _ diplomat*', 'recalled _ ambassador', 'closed _ embassy', 'closed _ consulate', 'broke off _ relations', 'severed _ relations', 'persona non grata', 'downgraded _ relations', 'expelled _ attach*', 'expelled _ envoy', 'expelled _ ambassador'] },
  { code: '162', weight: 2.5, phrases: ['cut _ aid', 'suspended _ aid', 'halted _ aid', 'paused _ aid', 'stopped _ aid', 'froze _ aid', 'halted _ deliveries'] },
  { code: '163', weight: 2.5, phrases: ['imposed _ sanctions', 'impose* new sanctions', 'new sanctions', 'imposed _ tariff*', 'slapped _ tariff*', 'imposed _ embargo', 'banned _ imports', 'froze _ assets', 'sanctions package', 'package of sanctions', 'blacklist*', 'cut all trade', 'cut _ trade with', 'halted _ trade', 'suspended _ trade'] },
  { code: '164', weight: 2.5, phrases: ['suspended _ talks', 'halted _ talks', 'broke off _ talks', 'walked out of _ talks', 'pulled out of _ talks', 'called off _ talks', 'cancelled _ summit', 'canceled _ summit', 'cancel* _ meeting'] },
  { code: '166', weight: 2, phrases: ['withdrew from', 'pulled out of', 'left the treaty', 'expelled _ observers', 'exit* _ treaty'] },
  // 17 coerce
  { code: '171', weight: 2, phrases: ['seiz* _ assets', 'seized _ property', 'confiscat*', 'nationaliz*'] },
  { code: '172', weight: 2, phrases: ['martial law', 'curfew', 'state of emergency', 'banned _ party', 'restrictions on'] },
  { code: '173', weight: 2.5, phrases: ['arrest*', 'detain*', 'charged', 'indicted', 'jailed', 'imprison*', 'in custody'] },
  { code: '174', weight: 2.5, phrases: ['deport*', 'expelled _ journalist*', 'expelled _ citizens'] },
  { code: '175', weight: 2.5, phrases: ['crackdown', 'cracked down', 'dispersed _ protest*', 'tear gas'] },
  // 18 assault
  { code: '181', weight: 2.5, phrases: ['abduct*', 'kidnap*', 'hostage*', 'hijack*'] },
  { code: '182', weight: 2, phrases: ['beat*', 'assault*', 'tortur*'] },
  { code: '183', weight: 2.5, phrases: ['bombing', 'car bomb', 'suicide bomb*', 'explosive device', 'terrorist attack', 'sabotage'] },
  { code: '185', weight: 2.5, phrases: ['assassination attempt', 'attempt* to assassinate', 'attempt on _ life', 'plot to kill'] },
  { code: '186', weight: 2.5, phrases: ['assassinat*', 'killed _ commander', 'killed _ general', 'eliminated _ commander', 'targeted killing'] },
  // 19 fight
  { code: '190', weight: 2, phrases: ['fighting', 'fought', 'offensive', 'counteroffensive', 'counter-offensive', 'battle*', 'combat operations', 'our forces', 'troops advanced', 'struck', 'destroyed', 'hit _ depot*', 'launched _ attack'] },
  { code: '191', weight: 2, phrases: ['blockaded', 'sealed off', 'naval blockade'] },
  { code: '192', weight: 2.5, phrases: ['captured', 'took control of', 'seized _ town', 'seized _ village', 'seized _ city', 'liberated', 'occupied', 'annexed', 'taken _ control', 'took _ control', 'full control of', 'seized control'] },
  { code: '193', weight: 2, phrases: ['gunfire', 'small arms', 'sniper*', 'shootout', 'opened fire'] },
  { code: '194', weight: 2.5, phrases: ['shell*', 'artillery', 'tanks', 'mortar*', 'rocket fire'] },
  { code: '195', weight: 2.5, phrases: ['air strike*', 'airstrike*', 'drone*', 'missile strike*', 'bombed', 'bombard*', 'missiles', 'air raid*', 'aerial'] },
  { code: '196', weight: 3, phrases: ['violat* _ ceasefire', 'violat* _ truce', 'breach* _ ceasefire', 'broke _ ceasefire', 'ceasefire violation*'] },
  // 20 unconventional mass violence
  { code: '200', weight: 2, phrases: ['mass violence', 'massacre*'] },
  { code: '201', weight: 2.5, phrases: ['mass deportation*', 'forcibly deport*', 'forced deportation*', 'mass expulsion*', 'forcibly removed'] },
  { code: '202', weight: 2.5, phrases: ['mass killing*', 'mass execution*', 'mass grave*', 'slaughter*', 'executed _ civilians'] },
  { code: '203', weight: 3, phrases: ['ethnic cleansing'] },
  { code: '2041', weight: 3, phrases: ['used chemical weapons', 'chemical attack', 'nerve agent', 'sarin', 'chlorine gas', 'poison gas'] },
  { code: '2042', weight: 3, phrases: ['nuclear detonation', 'detonated _ nuclear', 'nuclear test'] },
];
