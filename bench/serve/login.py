#!/usr/bin/env python3
"""Logs a user in to `spotcheck serve` as a browser would (the login form's token, then the forced
change of an initial password) and prints the session cookie for wrk.

    python3 bench/serve/login.py http://127.0.0.1:8080 NAME INITIAL NEW
"""
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

base, name, initial, new = sys.argv[1:5]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(NoRedirect)


def call(path, data=None, cookie=''):
    request = urllib.request.Request(base + path, data=urllib.parse.urlencode(data).encode() if data else None,
                                     headers={'Cookie': cookie} if cookie else {})
    try:
        response = opener.open(request)
    except urllib.error.HTTPError as error:  # a 303 arrives as an "error" without redirects
        response = error
    return response, response.read().decode('utf-8', 'replace')


def cookie(response, name):
    for header in response.headers.get_all('Set-Cookie') or []:
        if header.startswith(name + '='):
            return header.split(';')[0]
    sys.exit(f'no {name} cookie')


page, _ = call('/login')
login = cookie(page, 'spotcheck_login')
response, _ = call('/login', {'_csrf': login.split('=', 1)[1], 'name': name, 'password': initial}, login)
session = cookie(response, 'spotcheck_session')
if response.headers.get('Location') == '/account/password':
    _, html = call('/account/password', cookie=session)
    token = re.search(r'name="_csrf" value="([^"]+)"', html).group(1)
    # The change ends every session of the account and gives this browser a new one.
    response, _ = call('/account/password', {'_csrf': token, 'old': initial, 'new': new, 'again': new}, session)
    session = cookie(response, 'spotcheck_session')
print(session)
