#!/bin/bash
# issue 17: random on B7 pMSSM-19 to 10^7 calls, old jars (before 7b89fa1: spill written on the scan thread) against new
# (spill written by its own thread), alternating, seeds 1-3; OLD and NEW are snapshots of driver jars, L the rest of the classpath
OLD=/work/benchruns/b6/lib/hepscan-driver-0.1.0-SNAPSHOT.jar
NEW=/work/benchruns/ab/new/hepscan-driver-0.1.0-SNAPSHOT.jar
L=/work/benchruns/b6/lib
flags=$(sed -n 's:.*<hepscan.jvm.flags>\(.*\)</hepscan.jvm.flags>.*:\1:p' /work/main/pom.xml)
export SPARK_LOCAL_IP=127.0.0.1
for seed in 1 2 3; do
  for v in old new; do
    jar=$OLD; [ $v = new ] && jar=$NEW
    out=/tmp/scale/ab-$v-$seed; rm -rf $out; sync
    sed "s|^output: .*|output: $out|; s|^seed: .*|seed: $seed|" /work/benchruns/scale/sections/scale/random-seed1/spec.yaml > /work/benchruns/ab/$v-$seed.yaml
    java $flags -Xmx4g -cp "$jar:$L/hepscan-executors-0.1.0-SNAPSHOT.jar:$L/hepscan-oracle-adapters-0.1.0-SNAPSHOT.jar:$(cat $L/cp.txt)" org.hepscan.cli.Main run --no-progress /work/benchruns/ab/$v-$seed.yaml > /work/benchruns/ab/$v-$seed.log 2>&1
    cp $out/progress.json /work/benchruns/ab/$v-$seed.progress.json
    python3 - $out $v $seed <<'PY' | tee -a /work/benchruns/ab/results.txt
import json,sys,statistics as st
p=json.load(open(sys.argv[1]+'/progress.json')); its=p['iterations']
ov=lambda i: i['round_seconds']-i['call_seconds']['sum']/i['cores']
a=[ov(i) for i in its if 10<=i['iteration']<=19]; b=[ov(i) for i in its if i['iteration']>=91]
print(sys.argv[2], 'seed', sys.argv[3], len(its), 'wall %.1f'%p['totals']['wall_seconds'], 'A %.2f±%.2f B %.2f±%.2f ratio %.2f'%(st.mean(a),st.stdev(a),st.mean(b),st.stdev(b),st.mean(b)/st.mean(a)))
print(' tenths', ' '.join('%.2f'%st.mean(ov(i) for i in its[k:k+10]) for k in range(0,100,10)))
print(' round-eval tenths', ' '.join('%.3f'%st.mean(i['round_seconds']-i['eval_seconds'] for i in its[k:k+10]) for k in range(0,100,10)))
PY
    rm -rf $out
  done
done
