"""Traditional Chinese (繁體) in, simplified out: for matching and parsing only.

Users in Taiwan, Hong Kong and Macau type 帳戶被凍結, 昨天晚上八點 or 三千塊; the guides, the
concept table and the time and amount parsers are written in simplified characters. Search,
times and amounts pass their text through :func:`simplified` first, so both scripts meet; what
the user typed is stored and shown as typed, never converted.

The converter is OpenCC, the reference implementation by BYVoid (Apache-2.0, a C++ core with
binary wheels for CPython 3.10-3.14 on Linux, macOS and Windows; on musl systems such as Alpine
pip builds it from source), with its ``t2s`` table: traditional characters to simplified
ones, plus OpenCC's few phrase fixes (乾淨 -> 干净, but 乾隆 stays). Measured in a fresh process
each (median of 5: import; import and the first conversion, which loads the tables; one call
after that; resident memory added), on this machine:

    OpenCC 1.4.2 (C++)              21 ms, 24 ms to the first conversion, 5 us, +6 MB
    opencc-purepy 1.5.0             121 ms, 295 ms, 30 us, +50 MB
    opencc-pyo3 0.12.0 (Rust)       20 ms, 56 ms, 5 us, +29 MB
    zhconv 1.4.3                    557 ms (it imports pkg_resources), 618 ms, 18 us, +36 MB
    zhconv-rs 0.4.2 (Rust)          1 ms, 16 ms, 4 us, +4 MB
    hanziconv 0.3.2                 7 ms, 7 ms, 9 us, +0.4 MB

zhconv and zhconv-rs (MediaWiki's tables) are GPL-2.0-or-later, which an MIT package should not
pull in; hanziconv, last released in 2016, leaves common characters such as 週 unconverted;
opencc-purepy and opencc-pyo3 give the same text as OpenCC at many times its start-up cost or
memory. ``t2s`` and not ``tw2sp`` (Taiwan phrases): tw2sp also rewrites vocabulary, and some of its
rewrites are wrong for a wallet (登出 "log out" becomes 注销, which here means closing the
account); local words (儲值, 加值, 增值 for 充值, 提領 for 提现, 簡訊 for 短信, 登入 for 登录) are
instead entries of the search's concept table (okhelp/library/search.py), where each is one more way
to say the same thing.

Nobody else pays: :func:`has_traditional` looks for one of the 3,761 characters that OpenCC's
``t2s`` changes in Unicode's CJK Unified Ideographs and Extension A (the frozenset below,
made from OpenCC itself; tests/i18n/test_hant.py checks it still matches), and OpenCC is
imported only when one is there. Simplified Chinese and English never import it. Compatibility
ideographs (U+F900-U+FAFF) are left out because every caller applies NFKC first, which turns
them into the unified ones; the rare characters of the supplementary planes are left out too. A
few of the characters are also used in simplified text (後, 於, 乾, 麽); such a text then
loads the converter (24 ms) and reads the same after it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

CONFIG = "t2s"

# Every character in U+3400-U+4DBF and U+4E00-U+9FFF that OpenCC 1.4.2's t2s conversion changes.
TRADITIONAL_CHARS = (
    "㑮㑯㑳㑶㒓㓄㓨㔋㖮㗲㗿㘉㘓㘔㘚㛝㜄㜏㜐㜗㜢㜷㞞㟺㠏㠣㢗㢝㥮㦎㦛㦞㨻㩋㩜㩳㩵㪎㯤㰙"
    "㵗㵾㶆㷍㷿㸇㹽㺏㺜㻶㿖㿗㿧䀉䀹䁪䁻䂎䃮䅐䅳䆉䉑䉙䉬䉲䉶䊭䊷䊺䋃䋔䋙䋚䋦䋹䋻䋼䋿䌈"
    "䌋䌖䌝䌟䌥䌰䍤䍦䍽䎙䎱䓣䕤䕳䖅䗅䗿䙔䙡䙱䚩䛄䛳䜀䜖䝭䝻䝼䞈䞋䞓䟃䟆䟐䠆䠱䡐䡩䡵䢨"
    "䤤䥄䥇䥑䥕䥗䥩䥯䥱䦘䦛䦟䦯䦳䧢䪊䪏䪗䪘䪴䪾䫀䫂䫟䫴䫶䫻䫾䬓䬘䬝䬞䬧䭀䭃䭑䭔䭿䮄䮝"
    "䮞䮠䮫䮰䮳䮾䯀䯤䰾䱀䱁䱙䱧䱬䱰䱷䱸䱽䲁䲅䲖䲘䲰䳜䳢䳤䳧䳫䴉䴋䴬䴱䴴䴽䵳䵴䶕䶲丟並"
    "乾亂亙亞佇佈佔併來侖侶侷俁係俓俔俠俥俬倀倆倈倉個們倖倫倲偉偑側偵偽傌傑傖傘備傢傭"
    "傯傳傴債傷傾僂僅僉僑僕僞僤僥僨僱價儀儁儂億儈儉儎儐儔儕儘償儣優儭儲儷儸儺儻儼兇兌"
    "兒兗內兩冊冑冪凈凍凙凜凱別刪剄則剋剎剗剛剝剮剴創剷剾劃劄劇劉劊劌劍劏劑劚勁勑動務"
    "勛勝勞勢勣勩勱勳勵勸勻匭匯匱區協卹卻卽厙厠厤厭厲厴參叄叢吒吳吶呂咼員哯唄唓唸問啓"
    "啞啟啢喎喚喪喫喬單喲嗆嗇嗊嗎嗚嗩嗰嗶嗹嘆嘍嘓嘔嘖嘗嘜嘩嘪嘮嘯嘰嘳嘵嘸嘺嘽噁噅噓噚"
    "噝噞噠噥噦噯噲噴噸噹嚀嚇嚌嚐嚕嚙嚛嚥嚦嚧嚨嚮嚲嚳嚴嚶嚽囀囁囂囃囅囈囉囌囑囒囪圇國"
    "圍園圓圖團圞垻埡埨埬埰執堅堊堖堚堝堯報場塊塋塏塒塗塚塢塤塵塸塹塿墊墜墠墮墰墲墳墶"
    "墻墾壇壈壋壎壓壗壘壙壚壜壞壟壠壢壣壩壪壯壺壼壽夠夢夥夾奐奧奩奪奬奮奼妝姍姦娙娛婁"
    "婡婦婭媈媧媯媰媼媽嫋嫗嫵嫺嫻嫿嬀嬃嬇嬈嬋嬌嬙嬡嬣嬤嬦嬪嬰嬸嬻孃孄孆孇孋孌孎孫學孻"
    "孾孿宮寀寠寢實寧審寫寬寵寶將專尋對導尷屆屍屓屜屢層屨屩屬岡峯峴島峽崍崑崗崙崢崬嵐"
    "嵗嵼嵽嵾嶁嶄嶇嶈嶔嶗嶘嶠嶢嶧嶨嶮嶸嶹嶺嶼嶽巊巋巒巔巖巗巘巰巹帥師帳帶幀幃幓幗幘幝"
    "幟幣幩幫幬幷幹幾庫廁廂廄廈廎廕廚廝廞廟廠廡廢廣廧廩廬廳弒弔弳張強彃彄彆彈彌彎彔彙"
    "彠彥彫彲彿後徑從徠復徵徹徿恆恥悅悞悵悶悽惡惱惲惻愛愜愨愴愷愻愾慄態慍慘慚慟慣慤慪"
    "慫慮慳慶慺慼慾憂憊憐憑憒憖憚憢憤憫憮憲憶憸憹懀懇應懌懍懎懞懟懣懤懨懲懶懷懸懺懼懾"
    "戀戇戔戧戩戰戱戲戶扞拋拚挩挱挾捨捫捱捲掃掄掆掗掙掚掛採揀揚換揮揯損搖搗搧搵搶摋摐"
    "摑摜摟摯摳摶摺摻撈撊撏撐撓撝撟撣撥撧撫撲撳撻撾撿擁擄擇擊擋擓擔據擟擠擡擣擫擬擯擰"
    "擱擲擴擷擺擻擼擽擾攄攆攋攏攔攖攙攛攜攝攢攣攤攪攬敎敓敗敘敵數斂斃斅斆斕斬斷斸於旂"
    "旣昇時晉晛晝暈暉暐暘暢暫曄曆曇曉曊曏曖曠曥曨曬書會朥朧朮東枴柵柺査桱桿梔梖梘梜條"
    "梟梲棄棊棖棗棟棡棧棲棶椏椲楇楊楓楨業極榘榦榪榮榲榿構槍槓槤槧槨槫槮槳槶槼樁樂樅樑"
    "樓標樞樠樢樣樤樧樫樳樸樹樺樿橈橋機橢橫橯檁檉檔檜檟檢檣檭檮檯檳檵檸檻櫃櫅櫍櫓櫚櫛"
    "櫝櫞櫟櫠櫥櫧櫨櫪櫫櫬櫱櫳櫸櫻欄欅欇權欍欏欐欑欒欓欖欘欞欽歎歐歟歡歲歷歸歿殘殞殢殤"
    "殨殫殭殮殯殰殲殺殻殼毀毆毊毿氂氈氌氣氫氬氭氳氾汎汙決沒沖況泝洩洶浹浿涇涗涼淒淚淥"
    "淨淩淪淵淶淺渙減渢渦測渾湊湋湞湧湯溈準溝溡溫溮溳溼滄滅滌滎滙滬滯滲滷滸滻滾滿漁漊"
    "漍漚漢漣漬漲漵漸漿潁潑潔潕潙潚潛潣潤潯潰潷潿澀澅澆澇澐澗澠澤澦澩澫澬澮澱澾濁濃濄"
    "濆濕濘濚濛濜濟濤濧濫濰濱濺濼濾濿瀂瀃瀅瀆瀇瀉瀋瀏瀕瀘瀝瀟瀠瀦瀧瀨瀰瀲瀾灃灄灍灑灒"
    "灕灘灙灝灡灣灤灧灩災為烏烴無煇煉煒煙煢煥煩煬煱熂熅熉熌熒熓熗熚熡熰熱熲熾燀燁燈燉"
    "燒燖燙燜營燦燬燭燴燶燻燼燾爃爄爇爍爐爖爛爥爧爭爲爺爾牀牆牘牴牽犖犛犞犢犧狀狹狽猌"
    "猙猶猻獁獃獄獅獊獎獨獩獪獫獮獰獱獲獵獷獸獺獻獼玀玁珼現琱琺琿瑋瑒瑣瑤瑩瑪瑲瑻瑽璉"
    "璊璕璗璝璡璣璦璫璯環璵璸璼璽璾璿瓄瓅瓊瓏瓔瓕瓚瓛甌甕產産畝畢畫異畵當畼疇疊痙痠痮"
    "痾瘂瘋瘍瘓瘞瘡瘧瘮瘱瘲瘺瘻療癆癇癉癐癒癘癟癡癢癤癥癧癩癬癭癮癰癱癲發皁皚皟皰皸皺"
    "盃盜盞盡監盤盧盨盪眝眞眥眾睍睏睜睞瞘瞜瞞瞤瞶瞼矇矉矑矓矚矯硃硜硤硨硯碕碙碩碭碸確"
    "碼碽磑磚磠磣磧磯磽磾礄礎礐礒礙礦礪礫礬礮礱祕祿禍禎禕禡禦禪禮禰禱禿秈稅稈稏稜稟種"
    "稱穀穇穌積穎穠穡穢穩穫穭窩窪窮窯窵窶窺竄竅竇竈竊竚竪竱競筆筍筧筴箇箋箏箚節範築篋"
    "篔篘篠篢篤篩篳篸簀簂簍簑簞簡簢簣簫簹簽簾籃籅籋籌籔籙籛籜籟籠籤籩籪籬籮籲粵糉糝糞"
    "糧糰糲糴糶糹糺糾紀紂紃約紅紆紇紈紉紋納紐紓純紕紖紗紘紙級紛紜紝紞紟紡紬紮細紱紲紳"
    "紵紹紺紼紿絀絁終絃組絅絆絍絎結絕絙絛絝絞絡絢絥給絧絨絪絰統絲絳絶絹絺綀綁綃綄綆綇"
    "綈綉綋綌綎綏綐綑經綖綜綝綞綟綠綡綢綣綧綪綫綬維綯綰綱網綳綴綵綸綹綺綻綽綾綿緄緇緊"
    "緋緍緑緒緓緔緗緘緙線緝緞緟締緡緣緤緦編緩緬緮緯緰緱緲練緶緷緸緹緻緼縈縉縊縋縍縎縐"
    "縑縕縗縛縝縞縟縣縧縫縬縭縮縯縰縱縲縳縴縵縶縷縸縹縺總績繂繃繅繆繈繏繐繒繓織繕繚繞"
    "繟繡繢繨繩繪繫繬繭繮繯繰繳繶繷繸繹繻繼繽繾繿纁纆纇纈纊續纍纏纓纔纕纖纗纘纚纜缽罃"
    "罈罌罎罰罵罷羅羆羈羋羣羥羨義羵羶習翫翬翹翽耬耮聖聞聯聰聲聳聵聶職聹聻聽聾肅脅脈脛"
    "脣脥脩脫脹腎腖腡腦腪腫腳腸膃膕膚膞膠膢膩膹膽膾膿臉臍臏臗臘臚臟臠臢臥臨臺與興舉舊"
    "舖舘艙艣艤艦艫艱艷芻苧茲荊莊莖莢莧菕華菴菸萇萊萬萴萵葉葒葝葤葦葯葷蒍蒐蒓蒔蒕蒞蒭"
    "蒼蓀蓆蓋蓧蓮蓯蓴蓽蔄蔔蔘蔞蔣蔥蔦蔭蔯蔿蕁蕆蕎蕒蕓蕕蕘蕝蕢蕩蕪蕭蕳蕷蕽薀薆薈薊薌薑"
    "薔薘薟薦薩薳薴薵薹薺藍藎藝藥藪藭藴藶藷藹藺蘀蘄蘆蘇蘊蘋蘚蘞蘟蘢蘭蘺蘿虆虉處虛虜號"
    "虧虯蛺蛻蜆蝀蝕蝟蝦蝨蝸螄螞螢螮螻螿蟂蟄蟈蟎蟘蟜蟣蟬蟯蟲蟳蟶蟻蠀蠁蠅蠆蠍蠐蠑蠔蠙蠟"
    "蠣蠦蠨蠱蠶蠻蠾衆衊術衕衚衛衝袞袷裊裏補裝裡製複褌褘褲褳褸褻襀襇襉襏襓襖襗襘襝襠襤"
    "襪襬襯襰襲襴襵覈見覎規覓視覘覛覡覥覦親覬覯覲覷覹覺覼覽覿觀觴觶觸訁訂訃計訊訌討訏"
    "訐訑訒訓訕訖託記訛訜訝訞訟訢訣訥訨訩訪設許訴訶診註証詀詁詆詊詎詐詑詒詓詔評詖詗詘"
    "詛詝詞詠詡詢詣試詩詪詫詬詭詮詰話該詳詵詷詼詿誂誄誅誆誇誋誌認誑誒誕誘誚語誠誡誣誤"
    "誥誦誨說誫説誰課誳誴誶誷誹誺誼誾調諂諄談諉請諍諏諑諒諓論諗諛諜諝諞諟諡諢諣諤諥諦"
    "諧諫諭諮諯諰諱諲諳諴諶諷諸諺諼諾謀謁謂謄謅謆謉謊謎謏謐謔謖謗謙謚講謝謠謡謨謫謬謭"
    "謯謱謳謸謹謾譁譂譅譆證譊譎譏譑譓譖識譙譚譜譞譟譨譫譭譯議譴護譸譽譾讀讅變讋讌讎讒"
    "讓讕讖讚讜讞谿豈豎豐豔豬豵豶貍貓貗貙貝貞貟負財貢貧貨販貪貫責貯貰貲貳貴貶買貸貺費"
    "貼貽貿賀賁賂賃賄賅資賈賊賑賒賓賕賙賚賜賝賞賟賠賡賢賣賤賦賧質賫賬賭賰賴賵賺賻購賽"
    "賾贃贄贅贇贈贉贊贋贍贏贐贑贓贔贖贗贚贛贜赬趕趙趨趲跡踐踰踴蹌蹔蹕蹟蹠蹣蹤蹳蹺蹻躂"
    "躉躊躋躍躎躑躒躓躕躘躚躝躡躥躦躪軀軉車軋軌軍軏軑軒軔軕軗軛軜軝軟軤軨軫軬軲軷軸軹"
    "軺軻軼軾軿較輄輅輇輈載輊輋輒輓輔輕輖輗輛輜輝輞輟輢輥輦輨輩輪輬輮輯輳輶輷輸輻輼輾"
    "輿轀轂轄轅轆轇轉轊轍轎轐轔轗轟轠轡轢轣轤辦辭辮辯農迴逕這連週進遊運過達違遙遜遞遠"
    "遡適遱遲遶遷選遺遼邁還邇邊邏邐郟郵鄆鄉鄒鄔鄖鄟鄧鄩鄭鄰鄲鄳鄴鄶鄺酇酈醃醖醜醞醟醣"
    "醫醬醱醲醶釀釁釃釅釋釐釒釓釔釕釗釘釙釚針釟釣釤釦釧釨釩釲釳釴釵釷釹釺釾釿鈀鈁鈃鈄"
    "鈅鈆鈇鈈鈉鈋鈍鈎鈐鈑鈒鈔鈕鈖鈗鈛鈞鈠鈡鈣鈥鈦鈧鈮鈯鈰鈲鈳鈴鈷鈸鈹鈺鈽鈾鈿鉀鉁鉅鉆"
    "鉈鉉鉊鉋鉍鉑鉔鉕鉗鉚鉛鉝鉞鉠鉢鉤鉥鉦鉧鉬鉭鉮鉳鉶鉷鉸鉺鉻鉽鉾鉿銀銁銂銃銅銈銊銍銏"
    "銑銓銖銘銚銛銜銠銣銥銦銨銩銪銫銬銱銳銶銷銹銻銼鋁鋂鋃鋅鋇鋉鋌鋏鋐鋒鋗鋙鋝鋟鋠鋣鋤"
    "鋥鋦鋨鋩鋪鋭鋮鋯鋰鋱鋶鋸鋹鋼錀錁錂錄錆錇錈錏錐錒錕錘錙錚錛錜錝錞錟錠錡錢錤錥錦錨"
    "錩錫錮錯録錳錶錸錼錽鍀鍁鍃鍄鍅鍆鍇鍈鍉鍊鍋鍍鍒鍔鍘鍚鍛鍠鍤鍥鍩鍬鍭鍮鍰鍵鍶鍺鍼鍾"
    "鎂鎄鎇鎈鎊鎌鎍鎓鎔鎖鎘鎙鎚鎛鎝鎞鎡鎢鎣鎦鎧鎩鎪鎬鎭鎮鎯鎰鎲鎳鎵鎶鎷鎸鎿鏃鏆鏇鏈鏉"
    "鏌鏍鏏鏐鏑鏗鏘鏚鏜鏝鏞鏟鏡鏢鏤鏥鏦鏨鏰鏵鏷鏹鏺鏻鏽鏾鐃鐄鐇鐈鐋鐍鐎鐏鐐鐒鐓鐔鐘鐙"
    "鐝鐠鐥鐦鐧鐨鐩鐪鐫鐮鐯鐲鐳鐵鐶鐸鐺鐼鐽鐿鑀鑄鑉鑊鑌鑑鑒鑔鑕鑞鑠鑣鑥鑪鑭鑰鑱鑲鑴鑷"
    "鑹鑼鑽鑾鑿钁钂長門閂閃閆閈閉開閌閍閎閏閐閑閒間閔閗閘閝閞閡閣閤閥閨閩閫閬閭閱閲閵"
    "閶閹閻閼閽閾閿闃闆闇闈闉闊闋闌闍闐闑闒闓闔闕闖關闞闠闡闢闤闥陘陝陞陣陰陳陸陽隉隊"
    "階隑隕際隤隨險隮隯隱隴隸隻雋雖雙雛雜雞離難雲電霑霢霣霧霼霽靂靄靆靈靉靚靜靝靦靧靨"
    "鞏鞝鞦鞽鞾韁韃韆韉韋韌韍韓韙韚韛韜韝韞韠韻響頁頂頃項順頇須頊頌頍頎頏預頑頒頓頔頗"
    "領頜頠頡頤頦頫頭頮頰頲頴頵頷頸頹頻頽顂顃顅顆題額顎顏顒顓顔顗願顙顛類顢顣顥顧顫顬"
    "顯顰顱顳顴風颭颮颯颰颱颳颶颷颸颺颻颼颾飀飄飆飈飋飛飠飢飣飥飦飩飪飫飭飯飱飲飴飵飶"
    "飼飽飾飿餃餄餅餈餉養餌餎餏餑餒餓餔餕餖餗餘餚餛餜餞餡餦餧館餪餫餬餭餱餳餵餶餷餸餺"
    "餼餾餿饁饃饅饈饉饊饋饌饑饒饗饘饜饞饟饠饢馬馭馮馯馱馳馴馹馼駁駃駉駊駎駐駑駒駓駔駕"
    "駘駙駚駛駝駞駟駡駢駤駧駩駪駫駭駰駱駶駸駻駼駿騁騂騃騄騅騉騊騌騍騎騏騑騔騖騙騚騜騝"
    "騞騟騠騤騧騪騫騭騮騰騱騴騵騶騷騸騻騼騾驀驁驂驃驄驅驊驋驌驍驎驏驓驕驗驙驚驛驟驢驤"
    "驥驦驨驪驫骯髏髒體髕髖髮鬆鬍鬖鬚鬠鬢鬥鬧鬨鬩鬮鬱鬹魎魘魚魛魟魢魥魦魨魯魴魵魷魺魽"
    "鮀鮁鮃鮄鮅鮆鮈鮊鮋鮍鮎鮐鮑鮒鮓鮚鮜鮝鮞鮟鮠鮡鮣鮤鮦鮪鮫鮭鮮鮯鮰鮳鮵鮶鮸鮺鮿鯀鯁鯄"
    "鯆鯇鯉鯊鯒鯔鯕鯖鯗鯛鯝鯞鯡鯢鯤鯧鯨鯪鯫鯬鯰鯱鯴鯶鯷鯻鯽鯾鯿鰁鰂鰃鰆鰈鰉鰊鰋鰌鰍鰏"
    "鰐鰑鰒鰓鰕鰛鰜鰟鰠鰣鰤鰥鰦鰧鰨鰩鰫鰭鰮鰱鰲鰳鰵鰶鰷鰹鰺鰻鰼鰽鰾鱀鱂鱄鱅鱆鱇鱈鱉鱊"
    "鱒鱔鱖鱗鱘鱚鱝鱟鱠鱢鱣鱤鱧鱨鱭鱮鱯鱲鱷鱸鱺鳥鳧鳩鳬鳲鳳鳴鳶鳷鳼鳽鳾鴀鴃鴅鴆鴇鴉鴐"
    "鴒鴔鴕鴗鴛鴜鴝鴞鴟鴣鴥鴦鴨鴮鴯鴰鴲鴳鴴鴷鴻鴽鴿鵁鵂鵃鵊鵏鵐鵑鵒鵓鵚鵜鵝鵟鵠鵡鵧鵩"
    "鵪鵫鵬鵮鵯鵰鵲鵷鵾鶄鶇鶉鶊鶌鶒鶓鶖鶗鶘鶚鶠鶡鶥鶦鶩鶪鶬鶭鶯鶰鶱鶲鶴鶹鶺鶻鶼鶿鷀鷁"
    "鷂鷄鷅鷉鷊鷐鷓鷔鷖鷗鷙鷚鷟鷣鷤鷥鷦鷨鷩鷫鷭鷯鷲鷳鷴鷷鷸鷹鷺鷽鷿鸂鸇鸊鸋鸌鸏鸑鸕鸗"
    "鸘鸚鸛鸝鸞鹵鹹鹺鹼鹽麗麥麨麩麪麫麬麯麲麳麴麵麷麼麽黃黌點黨黲黴黶黷黽黿鼂鼉鼕鼴齊"
    "齋齎齏齒齔齕齗齘齙齜齟齠齡齣齦齧齩齪齬齭齮齯齰齲齴齶齷齼齾龍龎龐龑龓龔龕龜龭龯鿁"
    "鿓"
)


@functools.cache
def _traditional() -> frozenset[str]:
    return frozenset(TRADITIONAL_CHARS)


def has_traditional(text: str) -> bool:
    """Whether the text has a character that only traditional Chinese uses."""
    return not _traditional().isdisjoint(text)


@functools.cache
def _converter() -> Callable[[str], str] | None:
    try:
        import opencc
    except ImportError:  # an install without the wheel still works, understanding less
        return None
    converter = opencc.OpenCC(CONFIG)

    def convert(text: str) -> str:
        return str(converter.convert(text))

    return convert


def simplified(text: str) -> str:
    """The text in simplified characters, for matching and parsing; unchanged (and without
    loading the converter) when it has no traditional-only character."""
    if not has_traditional(text):
        return text
    convert = _converter()
    return convert(text) if convert else text


# Showing traditional characters: the other direction, for users who read them.
#
# The display languages a session may have besides "zh" and "en": Taiwan's usage and Hong
# Kong's (also Macau's). OpenCC's phrase sets do the work (s2twp: characters and Taiwan's own
# words, 软件 -> 軟體, 短信 -> 簡訊; s2hk: Hong Kong's character forms). A phrase set is
# written for software and news, not for a wallet, so a short term list reviewed for this app
# comes first: its words are kept from the phrase set and written as that region's wallets
# write them. s2twp alone turns 注销 ("close the account") into 登出 ("log out"), and 绑定 (a
# bound bank card) into 繫結 (a software binding).
HANT_CONFIGS = {"zh-Hant": "s2twp", "zh-Hant-HK": "s2hk"}

WALLET_TERMS: dict[str, dict[str, str]] = {
    "zh-Hant": {
        "注销": "註銷",
        "绑定": "綁定",
        "解绑": "解除綁定",
        "充值": "儲值",
        "提现": "提領",
        "到账": "入帳",
        # 到 of "saw / sent to" before 账户: not the 到账 of money arriving
        "到账户": "到帳戶",
        "到账号": "到帳號",
        "代码": "代碼",  # a country, currency or error code; s2twp's 程式碼 is program code
        "微信": "微信",  # s2twp reads 微信号 as 微 + 信号 (a signal) and writes 微訊號
        "数据文件夹": "資料夾",  # s2twp: 資料 + 資料夾
        "二维码": "QR Code",
        "手机号": "手機號碼",
        "身份证": "身分證",
        "直接回车": "直接按 Enter ",  # the key, as Taiwan and Hong Kong name it
        "或回车": "或 Enter ",
        "回车": " Enter ",
        "个人信息": "個人資料",
        "渠道": "管道",
    },
    "zh-Hant-HK": {
        "充值": "增值",
        "提现": "提款",
        "短信": "短訊",
        "登录": "登入",
        "手机号": "手機號碼",
        "直接回车": "直接按 Enter ",
        "或回车": "或 Enter ",
        "回车": " Enter ",
        "个人信息": "個人資料",
        "保存": "儲存",
        "运行": "執行",
        "联系": "聯絡",
        "余额": "餘額",
    },
}
# After conversion: Taiwan writes 帳 for "account" (帳戶, 轉帳), where OpenCC gives 賬; Hong
# Kong's banks and wallets write 戶 (賬戶, 戶口), where s2hk gives the reference form 户; both
# regions quote with corner brackets.
_QUOTES = {"“": "「", "”": "」", "‘": "『", "’": "』"}
AFTER_TERMS = {"zh-Hant": {"賬": "帳", **_QUOTES}, "zh-Hant-HK": {"户": "戶", **_QUOTES}}


@functools.cache
def _display_converter(lang: str) -> Callable[[str], str] | None:
    try:
        import opencc
    except ImportError:  # an install without the wheel shows simplified characters
        return None
    import re

    converter = opencc.OpenCC(HANT_CONFIGS[lang])
    terms = WALLET_TERMS[lang]
    kept = re.compile("|".join(sorted(map(re.escape, terms), key=len, reverse=True)))
    after = AFTER_TERMS[lang]

    def convert(text: str) -> str:
        pieces: list[str] = []
        start = 0
        for found in kept.finditer(text):
            pieces.append(str(converter.convert(text[start : found.start()])))
            pieces.append(terms[found.group()])
            start = found.end()
        pieces.append(str(converter.convert(text[start:])))
        shown = "".join(pieces)
        for old, new in after.items():
            shown = shown.replace(old, new)
        return shown

    return convert


@functools.lru_cache(maxsize=8192)
def traditional(text: str, lang: str) -> str:
    """okhelp's or a guide's simplified words as ``lang`` (``zh-Hant``, ``zh-Hant-HK``) reads
    them. Only for words okhelp wrote: what a user typed is never converted."""
    if lang not in HANT_CONFIGS or not text:
        return text
    convert = _display_converter(lang)
    return convert(text) if convert else text
