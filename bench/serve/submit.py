#!/usr/bin/env python3
"""N result submissions at once through `spotcheck serve` (multipart, as the result form sends them),
spread over the workspace's published-free visits; prints how many the server accepted (303).

    python3 bench/serve/submit.py http://127.0.0.1:8080 'spotcheck_session=…' VISITS.json N
"""
import json
import re
import sys
import threading
import urllib.error
import urllib.request

base, cookie, visits_file, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with open(visits_file, encoding='utf-8') as f:
    visits = json.load(f)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(NoRedirect)
page = opener.open(urllib.request.Request(f"{base}/visits/{visits[0]['id']}", headers={'Cookie': cookie})).read().decode()
csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
boundary = 'benchBoundary7MA4YWxkTrZu0gW'
statuses = []
lock = threading.Lock()


def submit(n):
    visit = visits[n % len(visits)]
    fields = [('_csrf', csrf), ('status', '已检查'), ('method', '现场'), ('finished', visit['date']), ('item', '医保基金使用情况检查'),
              ('finding', '未发现问题'), ('outcome', '符合要求'), ('signedBy', '负责人'), ('remarks', f'第 {n} 次提交')]
    body = ''.join(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields) + f'--{boundary}--\r\n'
    request = urllib.request.Request(f"{base}/visits/{visit['id']}/result", data=body.encode(), method='POST',
                                     headers={'Cookie': cookie, 'Content-Type': f'multipart/form-data; boundary={boundary}'})
    try:
        status = opener.open(request).status
    except urllib.error.HTTPError as error:
        status = error.code
    with lock:
        statuses.append(status)


threads = [threading.Thread(target=submit, args=(n,)) for n in range(count)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(sum(1 for s in statuses if s == 303), ' '.join(sorted({str(s) for s in statuses})))
