"""The shipped glossary and guide texts (seed data; administrators edit them afterwards).

Terms of a status or level take their names from the interface's own labels, so the glossary
always names a status exactly as the badge does.
"""
from __future__ import annotations

# slug: (category, {lang: (term or None to use the label, definition, example)})
CONCEPTS = {
    "medborgardialog": {
        "sv": ("Medborgardialog", "När staden frågar invånarna om deras synpunkter innan en nämnd beslutar.",
               "Tekniska nämnden frågar boende i Oxie vad som ska finnas i en ny park."),
        "en": ("Citizen dialogue", "The city asks residents for their views before a board decides.",
               "The technical board asks people in Oxie what a new park should have."),
        "ar": ("الحوار مع المواطنين", "تسأل المدينة السكان عن آرائهم قبل أن تتخذ اللجنة قرارها.",
               "تسأل اللجنة الفنية سكان أوكسي عمّا ينبغي أن تضمه حديقة جديدة."),
    },
    "brukardialog": {
        "sv": ("Brukardialog", "En dialog med dem som använder en viss tjänst, till exempel en skola, "
               "ett boende eller en fritidsgård, om hur tjänsten fungerar.",
               "Funktionsstödsnämnden frågar brukare på en daglig verksamhet hur dagarna kan bli bättre."),
        "en": ("User dialogue", "A dialogue with the people who use a particular service, such as a school, "
               "a care home or a youth centre, about how the service works.",
               "The disability support board asks the users of a day centre how their days could be better."),
        "ar": ("الحوار مع المستخدمين", "حوار مع من يستخدمون خدمة معيّنة، مثل مدرسة أو دار رعاية أو مركز "
               "شباب، حول كيفية عمل هذه الخدمة.",
               "تسأل لجنة دعم ذوي الإعاقة مستخدمي مركز نهاري كيف يمكن تحسين أيامهم."),
    },
    "kunskapsdialog": {
        "sv": ("Kunskapsdialog", "En dialog som samlar in invånarnas kunskap och erfarenheter som underlag "
               "inför ett beslut.",
               "Stadsbyggnadsnämnden samlar in hur boende rör sig i ett område innan en ny detaljplan tas fram."),
        "en": ("Knowledge dialogue", "A dialogue that gathers residents' knowledge and experience as a basis "
               "for a decision.",
               "The city planning board gathers how people move around an area before drawing up a new plan."),
        "ar": ("حوار المعرفة", "حوار يجمع معارف السكان وخبراتهم لتكون أساسًا لقرار ما.",
               "تجمع لجنة التخطيط العمراني معلومات عن تنقل السكان في منطقة قبل إعداد مخطط جديد."),
    },
    "remiss": {
        "sv": ("Remiss", "När en nämnd skickar ett förslag till andra nämnder för att få deras synpunkter "
               "innan beslut. De som får remissen kallas remissinstanser.",
               "Stadskontoret skickade sin rapport om medborgardialog på remiss till tolv nämnder."),
        "en": ("Consultation (remiss)", "A board sends a proposal to other boards for their views before "
               "deciding. The boards asked are the consulted boards.",
               "The city office sent its report on citizen dialogue to twelve boards for consultation."),
        "ar": ("الاستشارة (ريمِس)", "ترسل لجنة مقترحًا إلى لجان أخرى لأخذ آرائها قبل القرار. وتُسمّى "
               "اللجان المستشارة جهات الاستشارة.",
               "أرسل مكتب المدينة تقريره عن الحوار مع المواطنين إلى اثنتي عشرة لجنة للاستشارة."),
    },
    "yttrande": {
        "sv": ("Yttrande", "En nämnds skriftliga svar på en remiss. Nämnden beslutar om yttrandet på ett "
               "sammanträde.", "Fritidsnämnden godkände sitt yttrande på sammanträdet (§ 246)."),
        "en": ("Statement (yttrande)", "A board's written answer to a consultation. The board approves it "
               "at a meeting.", "The leisure board approved its statement at its meeting (§ 246)."),
        "ar": ("الإفادة", "الرد المكتوب للجنة على استشارة، وتوافق عليه اللجنة في اجتماع.",
               "وافقت لجنة الترفيه على إفادتها في اجتماعها (§ 246)."),
    },
    "aterkoppling": {
        "sv": ("Återkoppling", "Stadens besked till dem som deltog: vad vi hörde, vad som beslutades och "
               "varför, och vem som ansvarar för det som händer sedan.",
               "Efter dialogen om parken berättar nämnden vilka önskemål som kom med i ritningen och varför."),
        "en": ("Feedback (återkoppling)", "The city's answer to those who took part: what we heard, what was "
               "decided and why, and who is responsible for what happens next.",
               "After the park dialogue the board tells which wishes made it into the plan, and why."),
        "ar": ("الإفادة الراجعة", "ردّ المدينة على المشاركين: ماذا سمعنا، وماذا تقرّر ولماذا، ومن المسؤول "
               "عمّا سيحدث بعد ذلك.",
               "بعد الحوار حول الحديقة تخبر اللجنة بالرغبات التي أُدرجت في المخطط وسبب ذلك."),
    },
    "samordnande-namnd": {
        "sv": ("Samordnande nämnd", "Den nämnd som leder ett ärende som rör flera nämnder, samlar in deras "
               "yttranden och publicerar ett gemensamt svar.",
               "Ett förslag om en säkrare skolväg leds av tekniska nämnden, som frågar grundskolenämnden."),
        "en": ("Lead board (samordnande nämnd)", "The board that leads a matter concerning several boards, "
               "collects their statements and publishes one joint answer.",
               "A proposal for a safer way to school is led by the technical board, which consults the "
               "schools board."),
        "ar": ("اللجنة المنسِّقة", "اللجنة التي تقود قضية تخص عدة لجان، وتجمع إفاداتها، وتنشر ردًا "
               "مشتركًا واحدًا.",
               "مقترح لطريق مدرسي أكثر أمانًا تقوده اللجنة الفنية التي تستشير لجنة المدارس الابتدائية."),
    },
}

LEVELS = {
    "information": {
        "sv": ("Du får veta vad som händer och varför.", "Staden berättar om ombyggnaden av en gata."),
        "en": ("You are told what happens and why.", "The city tells you about the rebuilding of a street."),
        "ar": ("تُخبَر بما يحدث ولماذا.", "تخبرك المدينة بإعادة بناء شارع."),
    },
    "consultation": {
        "sv": ("Staden frågar vad du tycker om ett förslag innan nämnden beslutar.",
               "En enkät om öppettiderna på biblioteket."),
        "en": ("The city asks what you think of a proposal before the board decides.",
               "A survey about the library's opening hours."),
        "ar": ("تسألك المدينة عن رأيك في مقترح قبل أن تقرر اللجنة.", "استبيان حول ساعات عمل المكتبة."),
    },
    "dialogue": {
        "sv": ("Du och staden samtalar om frågan för att förstå varandra innan beslut.",
               "Samtalskvällar om tryggheten på ett torg."),
        "en": ("You and the city talk about the question to understand each other before a decision.",
               "Evening talks about safety in a square."),
        "ar": ("تتحاور أنت والمدينة حول المسألة ليفهم كل طرف الآخر قبل القرار.",
               "أمسيات حوار حول الأمان في ساحة عامة."),
    },
    "influence": {
        "sv": ("Du deltar under lång tid och kan ändra det som beslutas.",
               "Unga är med och utformar en ny fritidsgård från skiss till invigning."),
        "en": ("You take part over a longer time and can change what is decided.",
               "Young people help design a new youth centre from sketch to opening."),
        "ar": ("تشارك على مدى أطول ويمكنك تغيير ما يتقرر.",
               "يشارك الشباب في تصميم مركز شبابي جديد من الرسم الأول حتى الافتتاح."),
    },
    "co_decision": {
        "sv": ("Du beslutar tillsammans med staden.", "Boende röstar om hur en områdespott ska användas."),
        "en": ("You decide together with the city.", "Residents vote on how a district budget is spent."),
        "ar": ("تقرر بالاشتراك مع المدينة.", "يصوّت السكان على كيفية إنفاق ميزانية الحي."),
    },
}

# Status definitions: (definition, example) per language; the term is the interface's label.
PROPOSAL_STATES = {
    "draft": {"sv": ("Förslaget är sparat men inte skickat. Bara du ser det.", "Du har börjat skriva och sparat."),
              "en": ("The proposal is saved but not sent. Only you can see it.", "You started writing and saved."),
              "ar": ("المقترح محفوظ ولم يُرسل بعد. أنت وحدك تراه.", "بدأت الكتابة وحفظت.")},
    "submitted": {"sv": ("Förslaget är skickat och läses av en moderator innan det publiceras.",
                         "Du skickade förslaget i morse."),
                  "en": ("The proposal is sent and a moderator reads it before it is published.",
                         "You sent the proposal this morning."),
                  "ar": ("أُرسل المقترح ويقرؤه مشرف قبل نشره.", "أرسلت المقترح هذا الصباح.")},
    "published": {"sv": ("Förslaget är publicerat och andra kan stödja det fram till slutdatumet.",
                         "30 personer har stött förslaget hittills."),
                  "en": ("The proposal is published and others can support it until its end date.",
                         "30 people have supported the proposal so far."),
                  "ar": ("المقترح منشور ويمكن للآخرين دعمه حتى تاريخ انتهائه.", "دعم 30 شخصًا المقترح حتى الآن.")},
    "threshold_reached": {"sv": ("Förslaget har fått tillräckligt många stöd och ska tas upp av nämnden.",
                                 "Förslaget nådde 100 stöd."),
                          "en": ("The proposal has enough support and the board must take it up.",
                                 "The proposal reached 100 supports."),
                          "ar": ("حصل المقترح على دعم كافٍ ويجب أن تنظر فيه اللجنة.", "بلغ المقترح 100 داعم.")},
    "in_handling": {"sv": ("En eller flera nämnder handlägger förslaget.", "Tekniska nämnden utreder förslaget."),
                    "en": ("One or more boards are handling the proposal.", "The technical board is looking into it."),
                    "ar": ("تعالج لجنة أو أكثر المقترح.", "تدرس اللجنة الفنية المقترح.")},
    "answered": {"sv": ("Nämnden har beslutat och svaret är publicerat.", "Förslaget bifölls delvis."),
                 "en": ("The board has decided and the answer is published.", "The proposal was partly granted."),
                 "ar": ("قررت اللجنة ونُشر الرد.", "قُبل المقترح جزئيًا.")},
    "closed": {"sv": ("Förslaget är avslutat. Inget mer händer med det.", "Svaret är publicerat och ärendet avslutat."),
               "en": ("The proposal is closed. Nothing more happens with it.", "The answer is out and the matter closed."),
               "ar": ("أُغلق المقترح ولن يحدث فيه شيء آخر.", "نُشر الرد وأُغلقت القضية.")},
    "rejected": {"sv": ("En moderator publicerade inte förslaget och angav skälet.",
                        "Förslaget nämnde en privatperson vid namn."),
                 "en": ("A moderator did not publish the proposal and gave the reason.",
                        "The proposal named a private person."),
                 "ar": ("لم ينشر المشرف المقترح وذكر السبب.", "ذكر المقترح اسم شخص عادي.")},
    "expired": {"sv": ("Tiden för att samla stöd tog slut innan gränsen nåddes.", "Förslaget fick 40 av 100 stöd."),
                "en": ("The time to collect support ended before the threshold was reached.",
                       "The proposal got 40 of 100 supports."),
                "ar": ("انتهت مدة جمع الدعم قبل بلوغ الحد المطلوب.", "حصل المقترح على 40 من 100 داعم.")},
    "withdrawn": {"sv": ("Den som skrev förslaget har dragit tillbaka det.", "Frågan löstes på annat sätt."),
                  "en": ("The person who wrote the proposal withdrew it.", "The question was solved another way."),
                  "ar": ("سحب كاتب المقترح مقترحه.", "حُلّت المسألة بطريقة أخرى.")},
}

DIALOGUE_STATES = {
    "planned": {"sv": ("Dialogen är planerad men har inte öppnat än.", "Dialogen öppnar den 1 september."),
                "en": ("The dialogue is planned but not yet open.", "The dialogue opens on 1 September."),
                "ar": ("الحوار مخطط له ولم يُفتح بعد.", "يُفتح الحوار في الأول من سبتمبر.")},
    "open": {"sv": ("Du kan lämna synpunkter och anmäla dig till möten.", "Svara på frågorna fram till sista dagen."),
             "en": ("You can give your views and sign up for meetings.", "Answer the questions until the last day."),
             "ar": ("يمكنك تقديم آرائك والتسجيل في الاجتماعات.", "أجب عن الأسئلة حتى اليوم الأخير.")},
    "analysing": {"sv": ("Staden går igenom alla synpunkter och skriver återkopplingen.",
                         "Synpunkterna sammanställs inför nämndens beslut."),
                  "en": ("The city goes through all views and writes the feedback.",
                         "The views are compiled for the board's decision."),
                  "ar": ("تراجع المدينة جميع الآراء وتكتب الإفادة الراجعة.", "تُجمع الآراء لقرار اللجنة.")},
    "feedback_published": {"sv": ("Återkopplingen är publicerad: vad vi hörde, vad som beslutades och varför.",
                                  "Läs återkopplingen längst upp på dialogens sida."),
                           "en": ("The feedback is published: what we heard, what was decided and why.",
                                  "Read the feedback at the top of the dialogue's page."),
                           "ar": ("نُشرت الإفادة الراجعة: ماذا سمعنا وماذا تقرّر ولماذا.",
                                  "اقرأ الإفادة الراجعة في أعلى صفحة الحوار.")},
    "closed": {"sv": ("Dialogen är avslutad. Återkopplingen finns kvar att läsa.", "Dialogen avslutades i december."),
               "en": ("The dialogue is closed. The feedback remains to read.", "The dialogue closed in December."),
               "ar": ("انتهى الحوار، وتبقى الإفادة الراجعة متاحة للقراءة.", "أُغلق الحوار في ديسمبر.")},
}

CASE_STATES = {
    "triage": {"sv": ("Stadskontoret väljer vilka nämnder som ska handlägga ärendet.", "Förslaget rör flera områden."),
               "en": ("The city office chooses which boards handle the matter.", "The proposal touches several areas."),
               "ar": ("يختار مكتب المدينة اللجان التي ستعالج القضية.", "يتعلق المقترح بعدة مجالات.")},
    "open": {"sv": ("Ärendet handläggs av en eller flera nämnder.", "Handläggaren har tagit emot ärendet."),
             "en": ("The matter is being handled by one or more boards.", "The officer has accepted the matter."),
             "ar": ("تعالج لجنة أو أكثر القضية.", "استلم الموظف القضية.")},
    "consultation": {"sv": ("Den samordnande nämnden har skickat ärendet på remiss till andra nämnder.",
                            "Tre nämnder ska lämna yttranden före 30 juni."),
                     "en": ("The lead board has sent the matter to other boards for consultation.",
                            "Three boards are to give statements by 30 June."),
                     "ar": ("أرسلت اللجنة المنسقة القضية إلى لجان أخرى للاستشارة.",
                            "على ثلاث لجان تقديم إفاداتها قبل 30 يونيو.")},
    "decided": {"sv": ("Nämnden har fattat beslut och svaret är publicerat.", "Beslutet fattades i § 112."),
                "en": ("The board has decided and the answer is published.", "The decision was taken under § 112."),
                "ar": ("اتخذت اللجنة قرارها ونُشر الرد.", "اتُّخذ القرار في البند § 112.")},
}

ASSIGNMENT_STATES = {
    "new": {"sv": ("Nämnden har fått ärendet men inte tagit emot det än.", "Ärendet kom in i går."),
            "en": ("The board has received the matter but not accepted it yet.", "The matter arrived yesterday."),
            "ar": ("تسلّمت اللجنة القضية ولم تقبلها بعد.", "وصلت القضية أمس.")},
    "accepted": {"sv": ("Nämnden har tagit emot ärendet och arbetar med det.", "En handläggare är utsedd."),
                 "en": ("The board has accepted the matter and works on it.", "An officer is assigned."),
                 "ar": ("قبلت اللجنة القضية وتعمل عليها.", "عُيّن موظف للقضية.")},
    "drafted": {"sv": ("Ett utkast till yttrande är skrivet och väntar på nämndens beslut.",
                       "Yttrandet tas upp på nästa sammanträde."),
                "en": ("A draft statement is written and awaits the board's approval.",
                       "The statement goes to the next meeting."),
                "ar": ("كُتبت مسودة الإفادة وتنتظر موافقة اللجنة.", "تُعرض الإفادة في الاجتماع القادم.")},
    "approved": {"sv": ("Nämnden har godkänt yttrandet på ett sammanträde.", "Godkänt i § 246."),
                 "en": ("The board approved the statement at a meeting.", "Approved under § 246."),
                 "ar": ("وافقت اللجنة على الإفادة في اجتماع.", "تمت الموافقة في البند § 246.")},
    "sent": {"sv": ("Yttrandet är skickat till den samordnande nämnden.", "Yttrandet skickades i juni."),
             "en": ("The statement is sent to the lead board.", "The statement was sent in June."),
             "ar": ("أُرسلت الإفادة إلى اللجنة المنسقة.", "أُرسلت الإفادة في يونيو.")},
    "declined": {"sv": ("Nämnden anser att ärendet hör till en annan nämnd och har föreslagit vilken.",
                        "Frågan gäller skolan, inte gatan."),
                 "en": ("The board considers that the matter belongs to another board and suggested which.",
                        "The question is about the school, not the street."),
                 "ar": ("ترى اللجنة أن القضية تخص لجنة أخرى واقترحتها.", "المسألة تخص المدرسة لا الشارع.")},
}

GUIDE = [
    ("kind-and-level", {
        "sv": ("Välj typ av dialog och delaktighetsnivå",
               "**Medborgardialog** när du frågar invånare i allmänhet, **brukardialog** när du frågar dem som "
               "använder en tjänst, **kunskapsdialog** när du behöver invånarnas kunskap som underlag.\n\n"
               "Välj den nivå du kan hålla: *information* om beslutet är fattat, *konsultation* när du vill ha "
               "synpunkter på ett förslag, *dialog* när ni ska förstå varandra, *inflytande* när invånarna kan "
               "ändra förslaget, *medbestämmande* när de beslutar med er. Lova aldrig mer än nämnden kan hålla."),
        "en": ("Choosing the kind of dialogue and the participation level",
               "**Citizen dialogue** when you ask residents in general, **user dialogue** when you ask the users "
               "of a service, **knowledge dialogue** when you need residents' knowledge for a decision.\n\n"
               "Choose the level you can keep: *information* if the decision is made, *consultation* for views "
               "on a proposal, *dialogue* to understand each other, *influence* when residents can change the "
               "proposal, *co-decision* when they decide with you. Never promise more than the board can keep."),
        "ar": ("اختيار نوع الحوار ومستوى المشاركة",
               "**الحوار مع المواطنين** عندما تسأل السكان عمومًا، و**الحوار مع المستخدمين** عندما تسأل "
               "مستخدمي خدمة، و**حوار المعرفة** عندما تحتاج معارف السكان أساسًا لقرار.\n\n"
               "اختر المستوى الذي تستطيع الوفاء به: *الإعلام* إذا كان القرار متخذًا، و*الاستشارة* لجمع الآراء "
               "في مقترح، و*الحوار* للتفاهم، و*التأثير* عندما يستطيع السكان تغيير المقترح، و*القرار المشترك* "
               "عندما يقررون معكم. لا تعد أبدًا بأكثر مما تستطيع اللجنة الوفاء به.")}),
    ("overlap", {
        "sv": ("Kontrollera överlappande dialoger",
               "Innan du sparar jämför portalen din dialog med andra i samma stadsdel, under samma period och "
               "med samma målgrupp eller ämne. Får du en varning: kontakta den andra dialogens kontaktperson, "
               "samordna frågor och möten, och spara först när ni har pratat. Samordningsvyn visar alla dialoger."),
        "en": ("Checking for overlapping dialogues",
               "Before you save, the portal compares your dialogue with others in the same district, in the same "
               "period and with the same target group or topic. If you see a warning, contact the other "
               "dialogue's contact person, coordinate questions and meetings, and save once you have talked. "
               "The coordination view shows every dialogue."),
        "ar": ("التحقق من الحوارات المتداخلة",
               "قبل الحفظ تقارن البوابة حوارك بحوارات أخرى في الحي نفسه وفي الفترة نفسها ومع الفئة المستهدفة "
               "أو الموضوع نفسه. إذا ظهر تحذير فاتصل بمسؤول الاتصال في الحوار الآخر، ونسّقا الأسئلة والاجتماعات، "
               "واحفظ بعد أن تتحدثا. يعرض عرض التنسيق جميع الحوارات.")}),
    ("representatives", {
        "sv": ("Involvera förtroendevalda",
               "Berätta för nämndens presidium om dialogen innan den öppnar: vad frågan är, vilken nivå ni lovar "
               "och när beslutet fattas. Bjud in förtroendevalda till mötena och redovisa vad ni hörde innan "
               "nämnden beslutar, så att invånarnas röster når dem som fattar beslutet."),
        "en": ("Involving elected representatives",
               "Tell the board's presidium about the dialogue before it opens: the question, the level you "
               "promise and when the decision is taken. Invite elected representatives to the meetings and "
               "report what you heard before the board decides, so residents' voices reach the decision makers."),
        "ar": ("إشراك الممثلين المنتخبين",
               "أخبر رئاسة اللجنة بالحوار قبل فتحه: المسألة، والمستوى الذي تعد به، وموعد اتخاذ القرار. ادعُ "
               "الممثلين المنتخبين إلى الاجتماعات وقدّم ما سمعته قبل قرار اللجنة، لتصل أصوات السكان إلى "
               "صانعي القرار.")}),
    ("reach", {
        "sv": ("Nå underrepresenterade grupper",
               "Välj målgrupper och gå dit de redan finns: skolor, föreningar, mötesplatser. Erbjud tolk, "
               "lättläst svenska och andra språk, möten på olika tider, barnpassning och tillgängliga lokaler. "
               "Skriv vad som gäller för tillgängligheten på varje möte."),
        "en": ("Reaching under-represented groups",
               "Choose target groups and go where they already are: schools, associations, meeting places. "
               "Offer interpreters, easy-to-read Swedish and other languages, meetings at different times, "
               "childcare and accessible venues. State the accessibility of every meeting."),
        "ar": ("الوصول إلى الفئات الأقل تمثيلًا",
               "اختر الفئات المستهدفة واذهب إلى حيث توجد: المدارس والجمعيات وأماكن اللقاء. وفّر مترجمين، "
               "ولغة سويدية مبسطة ولغات أخرى، واجتماعات في أوقات مختلفة، ورعاية أطفال، وأماكن ميسّرة. اذكر "
               "معلومات إمكانية الوصول لكل اجتماع.")}),
    ("feedback", {
        "sv": ("Lova och skriv återkoppling",
               "Sätt ett datum för återkopplingen när du planerar dialogen; invånarna ser det på dialogens sida. "
               "Skriv sedan vad ni hörde, vad som beslutades och varför, även där synpunkterna inte följdes, och "
               "vem som ansvarar för det som händer sedan. Alla som deltog får veta när den är publicerad."),
        "en": ("Promising and writing feedback",
               "Set a date for the feedback when you plan the dialogue; residents see it on the dialogue's page. "
               "Then write what you heard, what was decided and why, also where views were not followed, and who "
               "is responsible for what happens next. Everyone who took part is told when it is published."),
        "ar": ("الوعد بالإفادة الراجعة وكتابتها",
               "حدّد موعدًا للإفادة الراجعة عند التخطيط للحوار؛ يراه السكان في صفحة الحوار. ثم اكتب ماذا "
               "سمعتم، وماذا تقرّر ولماذا، حتى حيث لم تُتّبع الآراء، ومن المسؤول عمّا سيحدث بعد ذلك. يُبلَّغ "
               "كل المشاركين عند نشرها.")}),
]
