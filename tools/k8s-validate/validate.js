// Validates every resource of a rendered manifest against its Kubernetes (or KEDA) schema; exits 1 on any error.
const yaml = require('js-yaml');
const fs = require('fs');
const docs = yaml.loadAll(fs.readFileSync(process.argv[2], 'utf8')).filter(Boolean);
let ok = 0, bad = 0;
for (const d of docs) {
  const [group, version] = d.apiVersion.includes('/') ? d.apiVersion.split('/') : ['', d.apiVersion];
  let mod;
  try {
    if (group === 'keda.sh') mod = require(`@kubernetes-models/keda/${group}/${version}/${d.kind}`);
    else if (group === '') mod = require(`kubernetes-models/${version}/${d.kind}`);
    else mod = require(`kubernetes-models/${group}/${version}/${d.kind}`);
  } catch (e) { console.log('NO MODEL', d.apiVersion, d.kind, e.message.split('\n')[0]); bad++; continue; }
  const Cls = mod[d.kind];
  try { new Cls(d).validate(); ok++; } catch (e) { console.log('INVALID', d.kind, d.metadata.name, e.message.slice(0, 400)); bad++; }
}
console.log(process.argv[2], 'valid', ok, 'invalid', bad);
if (bad > 0) process.exit(1);
