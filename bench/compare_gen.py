#!/usr/bin/env python3
"""Two synthetic report JSONs for timing and checking `compare` matching:
python3 bench/compare_gen.py SEED N_OLD N_NEW ALPHABET MAXLEN OUTPREFIX
writes OUTPREFIX_a.json and OUTPREFIX_b.json (records with purposes and
methods drawn from ALPHABET, a share copied or reworded from the old year)."""
import json, random, sys
def report(fy, recs, name):
    return {"schema_version":"1","source":{"file":name,"sha256":"0"*64,"pages":1},
            "body":"テスト会","title":"進捗状況",
            "period":{"raw":f"{fy}年度","start":f"{fy}-04","end":f"{fy+1}-03","fiscal_year":fy},
            "records":recs,"warnings":[]}
def rec(i, p, m):
    return {"id":f"p1-r{i+1}","index":i,"page":1 + i//20,"row":i%20+1,"purpose":p,"method":m,"plan_pages":[],
            "status":"","evaluation":"","reason":"","decision":None,"events":[],"participants_total":None,"counts":[],"cells":{}}
def make(seed, n, m, alphabet, maxlen):
    r = random.Random(seed)
    def txt():
        k = r.choice([0,1,2,maxlen//2,maxlen])
        return "".join(r.choice(alphabet) for _ in range(k))
    purposes = [txt() for _ in range(max(1,n//5))]
    old = [(r.choice(purposes), txt()) for _ in range(n)]
    new = []
    for _ in range(m):
        x = r.random()
        if x < 0.3 and old: new.append(r.choice(old))
        elif x < 0.6 and old:
            p, mm = r.choice(old); mm = list(mm)
            if mm: mm[r.randrange(len(mm))] = r.choice(alphabet)
            new.append((p, "".join(mm)))
        else: new.append((r.choice(purposes), txt()))
    return ([rec(i,p,q) for i,(p,q) in enumerate(old)], [rec(i,p,q) for i,(p,q) in enumerate(new)])
seed, n, m, alpha, maxlen, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5]), sys.argv[6]
o, nw = make(seed, n, m, alpha, maxlen)
json.dump(report(2023, o, "a.pdf"), open(out+"_a.json","w"), ensure_ascii=False)
json.dump(report(2024, nw, "b.pdf"), open(out+"_b.json","w"), ensure_ascii=False)
