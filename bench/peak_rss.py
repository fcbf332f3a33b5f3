#!/usr/bin/env python3
"""Runs a command; prints the peak RSS (VmHWM, sampled every 20 ms) of the command and of its worker processes, and their CPU time (user+sys).

    taskset -c 0 python3 bench/peak_rss.py target/release/shinchoku extract LONG.pdf --jsonl /dev/null
"""
import os, subprocess, sys, time, resource
def hwm(pid):
    try:
        for l in open(f"/proc/{pid}/status"):
            if l.startswith("VmHWM:"): return int(l.split()[1])
    except OSError: return None
def kids(pid):
    out=[]
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                st=open(f"/proc/{d}/stat").read()
                ppid=int(st[st.rindex(")")+2:].split()[1])
                if ppid==pid: out.append(int(d))
            except OSError: pass
    return out
r0=resource.getrusage(resource.RUSAGE_CHILDREN)
p=subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
ph=0; wh={}
while p.poll() is None:
    h=hwm(p.pid)
    if h: ph=max(ph,h)
    for k in kids(p.pid):
        h=hwm(k)
        if h: wh[k]=max(wh.get(k,0),h)
    time.sleep(0.02)
r1=resource.getrusage(resource.RUSAGE_CHILDREN)
cpu=(r1.ru_utime-r0.ru_utime)+(r1.ru_stime-r0.ru_stime)
print(f"parent {ph/1024:.1f} MiB  worker {max(wh.values(),default=0)/1024:.1f} MiB  cpu {cpu:.2f} s  rc {p.returncode}")
